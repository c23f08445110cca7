// Group commit on SQLite (server/write_batcher.h): authenticated inquiries whose spends share one
// transaction, and what a failed COMMIT of that transaction does to each of them.
#include <doctest/doctest.h>

#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "core/mobile.h"
#include "server/sqlite_store.h"
#include "service/crypto.h"
#include "service/registry_generator.h"
#include "service/service.h"
#include "service/sms.h"

using namespace bk;

namespace {

constexpr int64_t kStartMs = 1795581000000; // 2026-11-25 08:00 Tehran

std::string fresh_path() {
    const auto dir = std::filesystem::temp_directory_path() / ("bk-group-commit-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    static int n = 0;
    const std::string path = (dir / ("db" + std::to_string(++n) + ".sqlite")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix); // a reused pid's leftovers
    return path;
}

// Commits as the test says: the first waits until `release` (so spends queue behind it), the
// second fails, the rest go through.
struct CommitScript {
    std::mutex mu;
    std::condition_variable cv;
    int commits = 0;
    bool release = false;

    bool veto() {
        std::unique_lock lock(mu);
        ++commits;
        cv.notify_all();
        if (commits == 1) cv.wait(lock, [this] { return release; });
        return commits == 2;
    }
    void wait_for_first() {
        std::unique_lock lock(mu);
        cv.wait(lock, [this] { return commits >= 1; });
    }
    void let_go() {
        std::lock_guard lock(mu);
        release = true;
        cv.notify_all();
    }
};

struct Answers {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<api::ApiResult<api::InquiryAnswer>> got;

    Service::InquiryDone collect() {
        return [this](api::ApiResult<api::InquiryAnswer> a) {
            std::lock_guard lock(mu);
            got.push_back(std::move(a));
            cv.notify_all();
        };
    }
    void wait_for(size_t n) {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return got.size() >= n; });
    }
};

} // namespace

TEST_CASE("group commit: a batch whose COMMIT fails answers every inquiry in it undetermined, and spends nothing") {
    auto opened = server::SqliteStore::open(fresh_path());
    REQUIRE(opened);
    server::SqliteStore& store = **opened;
    RegistryGenOptions o;
    o.seed = 42;
    o.persons = 200;
    o.today = GregorianDate{2026, 11, 25};
    REQUIRE(store.put_persons([&](const server::ServerStore::PersonSink& sink) { generate_registry(o, sink); }));
    const DemoSamples samples = demo_samples(42);

    ServiceConfig config;
    config.hmacKey = "test-key-0123456789abcdef0123456789abcdef";
    config.quotaPerCode = 20;
    ManualClock clock(kStartMs);
    auto crypto = make_system_crypto();
    Outbox outbox;
    DirectSms sms{outbox};
    Service service(config, Stores{store, store, store, store, store}, *crypto, clock, sms);
    REQUIRE(service.request_code({"09121232580"}, "10.0.0.1"));
    const auto text = outbox.latest("09121232580");
    REQUIRE(text);
    auto verified = service.verify_code({"09121232580", code_from_sms_text(text->text).value_or("")}, "10.0.0.1");
    REQUIRE(verified);
    const std::string token = verified->sessionToken;

    CommitScript script;
    store.fail_commits_for_tests([&script] { return script.veto(); });
    Answers answers;
    // The first inquiry's commit is held while five more queue behind it: those five are the
    // next batch, and its COMMIT fails.
    service.inquire(token, {samples.eligibleMain}, "10.0.0.1", answers.collect());
    script.wait_for_first();
    for (int i = 0; i < 5; ++i) service.inquire(token, {samples.eligibleMain}, "10.0.0.1", answers.collect());
    script.let_go();
    answers.wait_for(6);
    store.fail_commits_for_tests(nullptr);

    {
        std::lock_guard lock(answers.mu);
        REQUIRE(answers.got.size() == 6);
        REQUIRE(answers.got[0]);
        CHECK(answers.got[0]->remaining == 19);
        for (int i = 1; i < 6; ++i) {
            REQUIRE_FALSE(answers.got[i]);
            CHECK(answers.got[i].error().status == 503);
            CHECK(answers.got[i].error().code == "registry_unavailable");
        }
    }
    CHECK(script.commits == 2); // the five were one transaction
    CHECK(service.counters().undetermined == 5);
    auto credit = service.credit(token);
    REQUIRE(credit);
    CHECK(credit->remaining == 19); // nothing of the failed batch was spent

    // The next inquiry commits as usual.
    auto next = service.inquire(token, {samples.eligibleMain}, "10.0.0.1");
    REQUIRE(next);
    CHECK(next->remaining == 18);
}
