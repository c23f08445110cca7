// The real site's build: the demo is not in it (the page loads barkhordari-demo for that), so
// none of the service's code reaches a visitor of the real site.
#include "client/demo.h"

namespace bk::client {

std::unique_ptr<Demo> make_demo(const Clock&, GregorianDate) { return nullptr; }

} // namespace bk::client
