// Prints docs/fields.md from the default field registry. Run through
// scripts/gen-fields-doc; a test checks the committed page is up to date.
#include <cstdio>

#include <fmt/format.h>

#include "fields/default_registry.h"
#include "fields/field_listing.h"

int main() {
    // A fixed host name keeps the page independent of the machine.
    auto registry = lanner::fields::make_default_registry({nullptr, "docs"});
    fmt::print("{}", lanner::fields::fields_document(*registry));
    return 0;
}
