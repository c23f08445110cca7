// demo.h — the in-page demo as the client sees it: a whole backend in the page (the service over
// a synthetic registry, in memory) and what the simulated phone shows under the flow.
//
// Only the demo build (barkhordari-demo.js / .wasm, with src/client/demo_in_page.cpp) has one.
// The real site's build (src/client/demo_elsewhere.cpp) carries none of the service's code:
// there make_demo() returns null, and the page loads the demo build instead (web/app.js). The
// page asks for the demo build itself with ?demo=1.
//
// Called on the main thread only, like everything in the client.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/jalali.h"
#include "core/transport.h"

namespace bk::client {

// Sample national IDs from the demo's registry, one for each kind of answer.
struct DemoSampleIds {
    std::string eligibleMain, son, pensioner, lapsed, revoked;
};

class Demo {
public:
    virtual ~Demo() = default;
    // The backend, answering in the page.
    virtual Transport& transport() = 0;
    // The newest SMS the service sent to `mobile` (09…, normalized), as the phone shows it.
    virtual std::optional<std::string> latest_sms(const std::string& mobile) const = 0;
    // Dialling the USSD code from `mobile`: what the phone then shows (a code, or why not).
    virtual std::string dial_ussd(const std::string& mobile) = 0;
    virtual const DemoSampleIds& samples() const = 0;
};

// The demo, its registry drawn around `today` (so its archetypes hold today); null in the real
// site's build.
std::unique_ptr<Demo> make_demo(const Clock& clock, GregorianDate today);

} // namespace bk::client
