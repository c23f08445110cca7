# Counts one suite's log for scripts/test.sh, each test once, as its own runner counted it.
# Prints "passed failed skipped" on the first line, then one line per failure naming it.
#   doctest   "[doctest] test cases: 91 | 90 passed | 1 failed | 9 skipped" (doctest's skipped
#             are the cases another run takes: not counted); a failing case as "TEST CASE:  name"
#   node      "# pass 7", "# fail 1", "# skipped 0" at the top level; a failure as "not ok N - name"
#   ctest -V  every line of a test's output carries "N: " in front. A failing test's output is
#             printed a second time without it (outputOnFailure): only the first copy counts. A
#             test that ctest marks failed with no failure of its own counted (it crashed, timed
#             out, or its runner printed no summary) counts as one failure, under its name.
# Lines of other runners (the fuzz script prints node's summary) count as node's do.
{
  gsub(/\x1b\[[0-9;]*m/, "")
  sub(/\r$/, "")
}
/^Test project / { ctest = 1; next }
ctest && /^ *[0-9]+\/[0-9]+ Test +#[0-9]+: / {
  # "3/7 Test #3: api_sqlite .......   Passed   42.43 sec" (or ***Failed, ***Timeout, ...)
  line = $0
  sub(/^ *[0-9]+\/[0-9]+ Test +#/, "", line)
  id = line; sub(/:.*/, "", id)
  name = line; sub(/^[0-9]+: /, "", name); sub(/ .*/, "", name)
  names[id] = name
  if (line !~ / Passed /) bad[id] = 1
  next
}
ctest {
  if (!match($0, /^[0-9]+: /)) next # ctest's own lines, and the repeated output of a failure
  id = substr($0, 1, RLENGTH - 2)
  $0 = substr($0, RLENGTH + 1)
}
!ctest { id = "" }
/^\[doctest\] test cases:/ {
  for (i = 1; i < NF; i++) {
    if ($(i + 1) == "passed") { passed += $i }
    if ($(i + 1) == "failed") { failed += $i; own[id] += $i }
  }
  next
}
/^# pass [0-9]+$/ { passed += $3; next }
/^# fail [0-9]+$/ { failed += $3; own[id] += $3; next }
/^# skipped [0-9]+$/ { skipped += $3; next }
/^not ok / { what = $0; sub(/^not ok [0-9]* *-? */, "", what); report(id, what); next }
/^TEST CASE: / { what = $0; sub(/^TEST CASE: +/, "", what); report(id, what); next }

function report(id, what,   key) {
  key = id SUBSEP what
  if (key in seen) return
  seen[key] = 1
  failures[++nfailures] = (ctest && id != "" ? "#" id " " : "") what
}

END {
  for (id in bad) {
    if (own[id] + 0 == 0) {
      failed++
      failures[++nfailures] = "#" id " failed with no test of its own failing (a crash, a timeout, or no summary)"
    }
  }
  printf "%d %d %d\n", passed, failed, skipped
  for (i = 1; i <= nfailures; i++) {
    f = failures[i]
    if (ctest && match(f, /^#[0-9]+ /)) {
      id = substr(f, 2, RLENGTH - 2)
      if (id in names) f = names[id] ": " substr(f, RLENGTH + 1)
    }
    print f
  }
}
