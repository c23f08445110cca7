// The doctest runner shared by the native binary and the node-run WASM bundle.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
