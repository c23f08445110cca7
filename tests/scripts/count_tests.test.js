// scripts/count-tests.awk: test.sh's closing line counts each test once, as its runner did.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const AWK = path.join(__dirname, '..', '..', 'scripts', 'count-tests.awk');
const count = (log) => {
  const [head, ...failures] = execFileSync('awk', ['-f', AWK], { input: log }).toString().trimEnd().split('\n');
  const [passed, failed, skipped] = head.split(' ').map(Number);
  return { passed, failed, skipped, failures };
};

// What `ctest -V` prints with outputOnFailure: a failing test's output twice, the second time
// without the "N: " in front.
const CTEST = `UpdateCTestConfiguration  from :/x/DartConfiguration.tcl
Test project /x
Constructing a list of tests
test 1
    Start 1: api

1: Test command: /usr/bin/node "--test"
1: ok 1 - the whole flow
1: not ok 2 - sessions expire
1:   ---
1: # tests 3
1: # pass 2
1: # fail 1
1: # skipped 0
1/3 Test #1: api ..............................***Failed   12.00 sec
ok 1 - the whole flow
not ok 2 - sessions expire
# tests 3
# pass 2
# fail 1
# skipped 0

test 2
    Start 2: doctest_native

2: ===============================================================================
2: /x/tests/core/test_jalali.cpp:10:
2: TEST CASE:  1403-12-30 is a leap day
2:
2: /x/tests/core/test_jalali.cpp:12: ERROR: CHECK( a == b ) is NOT correct!
2: [doctest] test cases:  90 |  89 passed | 1 failed | 9 skipped
2/3 Test #2: doctest_native ...................***Failed    1.00 sec
===============================================================================
/x/tests/core/test_jalali.cpp:10:
TEST CASE:  1403-12-30 is a leap day
[doctest] test cases:  90 |  89 passed | 1 failed | 9 skipped

test 3
    Start 3: browser
3: # Subtest: the page loads
3: Segmentation fault
3/3 Test #3: browser ..........................***Exception: SegFault  3.00 sec

0% tests passed, 3 tests failed out of 3

The following tests FAILED:
\t  1 - api (Failed)
\t  2 - doctest_native (Failed)
\t  3 - browser (SEGFAULT)
Errors while running CTest
`;

test('ctest -V: a failure counts once, though ctest prints its output twice', () => {
  const c = count(CTEST);
  assert.equal(c.passed, 2 + 89);
  assert.equal(c.failed, 1 + 1 + 1, 'one node test, one doctest case, one suite that crashed');
  assert.equal(c.skipped, 0);
  assert.deepEqual(c.failures, [
    'api: sessions expire',
    'doctest_native: 1403-12-30 is a leap day',
    'browser: failed with no test of its own failing (a crash, a timeout, or no summary)',
  ]);
});

test('ctest -V, all passing: the runners\' totals, and no failure named', () => {
  const log = 'Test project /x\n1: # pass 7\n1: # fail 0\n1: # skipped 1\n1/2 Test #1: a ....   Passed    1.00 sec\n' +
    '2: [doctest] test cases: 91 | 91 passed | 0 failed | 9 skipped\n2/2 Test #2: b ....   Passed    1.00 sec\n100% tests passed\n';
  assert.deepEqual(count(log), { passed: 98, failed: 0, skipped: 1, failures: [] });
});

test('a runner\'s own output (node --test, the fuzz script): counted as it is', () => {
  const log = 'ok 1 - ids: replayed 12 corpus files\nnot ok 2 - dates: fuzzing found a failure\n# pass 1\n# fail 1\n';
  assert.deepEqual(count(log), { passed: 1, failed: 1, skipped: 0, failures: ['dates: fuzzing found a failure'] });
});
