#include "benchloop.h"

#include "benchcommon.h"

#include <unistd.h>

namespace Bench {

RunLoop::RunLoop(int timeoutMs, const QString &what)
    : m_what(what)
    , m_timeoutMs(timeoutMs)
{
}

void RunLoop::finish()
{
    m_over = true;
    m_loop.quit();
}

void RunLoop::fail(const QString &message)
{
    if (m_over)
        return;
    m_error = message;
    finish();
}

void RunLoop::exec()
{
    if (!m_over) {
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &m_loop, [this] {
            fail(QStringLiteral("timed out after %1 s").arg(m_timeoutMs / 1000.0));
        });
        deadline.start(m_timeoutMs);
        m_loop.exec();
    }
    if (!m_error.isEmpty())
        throw BenchError(QStringLiteral("%1: %2").arg(m_what, m_error));
}

Pacer::Pacer(std::function<bool()> step, std::function<qint64()> backlog, qint64 highWater,
             QObject *parent)
    : QObject(parent)
    , m_step(std::move(step))
    , m_backlog(std::move(backlog))
    , m_highWater(highWater)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Pacer::next);
}

void Pacer::start()
{
    next();
}

void Pacer::next()
{
    if (m_backlog() > m_highWater) {
        m_timer.start(1); // the peer reads slower than we write: let the sockets drain
        return;
    }
    if (m_step())
        m_timer.start(0);
}

StdinReader::StdinReader(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinReader::readInput);
}

void StdinReader::readInput()
{
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        Q_EMIT closed();
        return;
    }
    m_pending.append(buffer, qsizetype(n));
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(end).trimmed();
        m_pending.remove(0, end + 1);
        Q_EMIT lineReceived(line);
    }
}

} // namespace Bench
