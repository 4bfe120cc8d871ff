// stdout_output: one alert per line on standard output (or another stdio
// stream, for tests), in the configured form (text or JSON).
#pragma once

#include <cstdio>

#include "output/sink.h"

namespace lanner::output {

class StdoutSink final : public Sink {
  public:
    explicit StdoutSink(std::FILE* stream = stdout) : stream_(stream) {}

    std::string name() const override { return "stdout"; }
    void deliver(const RenderedAlert& alert) override;
    void flush() override;

  private:
    std::FILE* stream_;
};

}  // namespace lanner::output
