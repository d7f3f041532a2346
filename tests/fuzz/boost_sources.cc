// Boost.JSON and Boost.URL, compiled once into the fuzz build from their header-only sources,
// so that their parsers are instrumented like the code that calls them.

#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
