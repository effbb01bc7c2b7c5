#include "peerprocess.h"

#include "benchloop.h"

#include <QtCore/QCoreApplication>

namespace Bench {

namespace {
constexpr int StartTimeoutMs = 15000;
constexpr int StopTimeoutMs = 5000;
} // namespace

PeerProcess::PeerProcess(const RunSpec &spec, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
{
    m_process.setReadChannel(QProcess::StandardOutput);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &PeerProcess::readReports);
    connect(&m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                if (!m_stopping)
                    Q_EMIT failed(status == QProcess::CrashExit
                                          ? QStringLiteral("the server process crashed")
                                          : QStringLiteral("the server process exited with code %1")
                                                    .arg(exitCode));
            });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(QStringLiteral("the server process did not start: %1")
                                  .arg(m_process.errorString()));
    });
}

PeerProcess::~PeerProcess()
{
    stop();
}

QStringList PeerProcess::arguments(const RunSpec &spec)
{
    return { QStringLiteral("--role"),      QStringLiteral("server"),
             QStringLiteral("--workload"),  workloadName(spec.workload),
             QStringLiteral("--transport"), spec.transport,
             QStringLiteral("--encoding"),  encodingName(spec.encoding),
             QStringLiteral("--system"),    systemName(spec.system),
             QStringLiteral("--count"),     QString::number(spec.count),
             QStringLiteral("--clients"),   QString::number(spec.clients),
             QStringLiteral("--body-size"), QString::number(spec.bodySize) };
}

void PeerProcess::start()
{
    RunLoop loop(StartTimeoutMs, QStringLiteral("starting the server process"));
    const auto onFailed = connect(this, &PeerProcess::failed, this,
                                  [&loop](const QString &error) { loop.fail(error); });
    const auto onReport = connect(this, &PeerProcess::reported, this,
                                  [this, &loop](const QList<QByteArray> &f) {
                                      if (f.value(0) == "listening") {
                                          m_url = QUrl(QString::fromUtf8(f.value(1)));
                                          loop.finish();
                                      } else if (f.value(0) == "error") {
                                          loop.fail(QString::fromUtf8(f.mid(1).join(' ')));
                                      }
                                  });
    m_process.start(QCoreApplication::applicationFilePath(), arguments(m_spec));
    loop.exec();
    disconnect(onFailed);
    disconnect(onReport);
}

void PeerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_stopping = true;
    m_process.closeWriteChannel();
    if (m_process.waitForFinished(StopTimeoutMs))
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(StopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(StopTimeoutMs);
    }
}

void PeerProcess::send(const QByteArray &line)
{
    m_process.write(line + '\n');
}

void PeerProcess::readReports()
{
    m_pending += m_process.readAllStandardOutput();
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QList<QByteArray> fields = m_pending.left(end).trimmed().split(' ');
        m_pending.remove(0, end + 1);
        if (fields.value(0) == "connected")
            m_connected = fields.value(1).toInt();
        Q_EMIT reported(fields);
    }
}

} // namespace Bench
