// How alerts are written out: Falco's json_output and json_include_* keys
// and time_format_iso_8601.
#pragma once

namespace lanner::output {

struct RenderOptions {
    bool json_output = false;  // sinks that write lines write the JSON form
    bool time_format_iso_8601 = false;
    bool json_include_output_property = true;
    bool json_include_tags_property = true;
    bool json_include_message_property = false;
    bool json_include_output_fields_property = true;
};

}  // namespace lanner::output
