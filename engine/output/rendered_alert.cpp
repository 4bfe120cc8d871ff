#include "output/rendered_alert.h"

#include "output/alert_json.h"
#include "output/alert_text.h"

namespace lanner::output {

const std::string& RenderedAlert::text() const {
    std::call_once(text_once_, [this] { text_ = render_text(alert_, options_); });
    return text_;
}

const std::string& RenderedAlert::json() const {
    std::call_once(json_once_, [this] { json_ = render_json(alert_, options_); });
    return json_;
}

}  // namespace lanner::output
