#include "app/live_signals.h"

namespace lanner::app {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
std::atomic<bool> g_reopen{false};

extern "C" void on_live_signal(int sig) {
    if (sig == SIGHUP)
        g_reload.store(true, std::memory_order_relaxed);
    else if (sig == SIGUSR1)
        g_reopen.store(true, std::memory_order_relaxed);
    else
        g_stop.store(true, std::memory_order_relaxed);
}

void install(int sig, struct sigaction& old) {
    struct sigaction sa {};
    sa.sa_handler = on_live_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, &old);
}

}  // namespace

LiveSignals::LiveSignals() {
    g_stop = g_reload = g_reopen = false;
    install(SIGINT, old_int_);
    install(SIGTERM, old_term_);
    install(SIGHUP, old_hup_);
    install(SIGUSR1, old_usr1_);
}

LiveSignals::~LiveSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGHUP, &old_hup_, nullptr);
    sigaction(SIGUSR1, &old_usr1_, nullptr);
}

const std::atomic<bool>& LiveSignals::stop_flag() const noexcept {
    return g_stop;
}

void LiveSignals::request_stop() noexcept {
    g_stop.store(true, std::memory_order_relaxed);
}

bool LiveSignals::take_reload() noexcept {
    return g_reload.exchange(false, std::memory_order_relaxed);
}

bool LiveSignals::take_reopen() noexcept {
    return g_reopen.exchange(false, std::memory_order_relaxed);
}

}  // namespace lanner::app
