// What sinks receive: an alert and its text and JSON forms, each rendered
// at most once, on the first sink thread that asks, and shared by all sinks.
#pragma once

#include <mutex>
#include <string>

#include "output/alert.h"
#include "output/render_options.h"

namespace lanner::output {

class RenderedAlert {
  public:
    RenderedAlert(Alert alert, const RenderOptions& options)
        : alert_(std::move(alert)), options_(options) {}
    RenderedAlert(const RenderedAlert&) = delete;
    RenderedAlert& operator=(const RenderedAlert&) = delete;

    const Alert& alert() const noexcept { return alert_; }
    const RenderOptions& options() const noexcept { return options_; }

    // Falco's text line (output/alert_text.h), without a newline.
    const std::string& text() const;
    // Falco's JSON object (output/alert_json.h), without a newline.
    const std::string& json() const;
    // What a line-oriented sink writes: json() with json_output, else text().
    const std::string& line() const { return options_.json_output ? json() : text(); }

  private:
    Alert alert_;
    RenderOptions options_;
    mutable std::once_flag text_once_;
    mutable std::once_flag json_once_;
    mutable std::string text_;
    mutable std::string json_;
};

}  // namespace lanner::output
