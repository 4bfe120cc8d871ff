// The sample capture `make run` replays until a live driver exists: a small,
// plausible host (a root shell, an nginx container) where a shell reads
// /etc/shadow and someone opens a shell in the container that connects out.
#pragma once

#include "capture/synthetic_capture.h"

namespace lanner::capture {

SyntheticCapture sample_capture();

}  // namespace lanner::capture
