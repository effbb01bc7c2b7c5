// quitOnTerminationSignals(): Ctrl+C (SIGINT) and SIGTERM end the event loop instead of killing
// the process, so the program shuts down as on a normal return from main(): destructors run, a
// local server removes its socket file, and clients see the connection closed rather than reset.
#ifndef QUITONSIGNAL_H
#define QUITONSIGNAL_H

#include <QtCore/QCoreApplication>

#ifdef Q_OS_UNIX
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace QuitOnSignal {
// [0] is written by the signal handler, [1] read by the event loop.
inline int fds[2] = { -1, -1 };

inline void handler(int)
{
    // A signal handler may only make async-signal-safe calls: no Qt. It hands the signal over to
    // the event loop through a socket, as the Qt documentation recommends.
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(fds[0], &byte, 1);
}

inline void setHandler(void (*function)(int))
{
    struct sigaction action = {};
    action.sa_handler = function;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
} // namespace QuitOnSignal

inline void quitOnTerminationSignals()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, QuitOnSignal::fds) != 0)
        return; // keep the default behaviour: the signal terminates the process
    auto *notifier = new QSocketNotifier(QuitOnSignal::fds[1], QSocketNotifier::Read,
                                         QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [notifier] {
        notifier->setEnabled(false);
        // A second Ctrl+C while shutting down should kill at once, as users expect.
        QuitOnSignal::setHandler(SIG_DFL);
        QCoreApplication::quit();
    });
    QuitOnSignal::setHandler(QuitOnSignal::handler);
}
#else
inline void quitOnTerminationSignals() { }
#endif

#endif // QUITONSIGNAL_H
