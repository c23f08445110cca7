// The demo build's demo: the service, its in-memory store and a synthetic registry, in the page
// (service/demo_backend.h). Linked only into barkhordari-demo.
#include "client/demo.h"
#include "service/demo_backend.h"

namespace bk::client {
namespace {

class InPageDemo final : public Demo {
public:
    InPageDemo(const Clock& clock, DemoOptions options)
        : backend_(clock, options),
          ids_{backend_.samples().eligibleMain, backend_.samples().son, backend_.samples().pensioner,
               backend_.samples().lapsed, backend_.samples().revoked} {}

    Transport& transport() override { return backend_.transport(); }
    std::optional<std::string> latest_sms(const std::string& mobile) const override {
        const auto sms = backend_.outbox().latest(mobile);
        if (!sms) return std::nullopt;
        return sms->text;
    }
    std::string dial_ussd(const std::string& mobile) override {
        const Locale& lang = backend_.transport().language();
        auto r = backend_.service().ussd_request(mobile, lang);
        return r ? *r : std::string(lang.text(r.error().text_code()));
    }
    const DemoSampleIds& samples() const override { return ids_; }

private:
    mutable DemoBackend backend_; // its outbox's reads are const in meaning
    DemoSampleIds ids_;
};

} // namespace

std::unique_ptr<Demo> make_demo(const Clock& clock, GregorianDate today) {
    DemoOptions o;
    o.today = today;
    return std::make_unique<InPageDemo>(clock, o);
}

} // namespace bk::client
