#include "demoservice.h"
#include "mathservice.h"

#include <drsconnection.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>

#include <stdexcept>

using namespace Qt::StringLiterals;

// A category of its own, so a program embedding the service can silence it
// (QT_LOGGING_RULES="drs.demo.info=false").
Q_LOGGING_CATEGORY(lcDemo, "drs.demo", QtInfoMsg)

DemoService::DemoService(QObject *parent)
    : QObject(parent)
    , m_server(new DrsServer(this))
    , m_math(new MathService(this))
{
    registerActions();

    connect(m_server, &DrsServer::clientConnected, this, [this](DrsConnection *connection) {
        qCInfo(lcDemo, "client %s connected (%d connected)", qPrintable(connection->peerName()),
               m_server->connectionCount());
    });
    connect(m_server, &DrsServer::clientDisconnected, this, [this](DrsConnection *connection) {
        qCInfo(lcDemo, "client %s disconnected (%d connected)", qPrintable(connection->peerName()),
               m_server->connectionCount());
    });

    connect(&m_tickTimer, &QTimer::timeout, this, &DemoService::tick);
    setTickInterval(DefaultTickInterval);
}

DemoService::~DemoService() = default;

DrsServer *DemoService::server() const
{
    return m_server;
}
qint64 DemoService::counter() const
{
    return m_counter;
}
int DemoService::tickInterval() const
{
    return m_tickTimer.isActive() ? m_tickTimer.interval() : 0;
}

void DemoService::setTickInterval(int msecs)
{
    if (msecs == tickInterval())
        return;
    if (msecs > 0)
        m_tickTimer.start(msecs);
    else
        m_tickTimer.stop();
    Q_EMIT tickIntervalChanged(tickInterval());
}

void DemoService::registerActions()
{
    // A handler's return value is the drs.response body; any JSON value will do.
    m_server->on(u"echo"_s, [](const DrsCommand &command) { return command.body(); });

    m_server->on(u"time"_s, [] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return QJsonObject { { u"ms"_s, now.toMSecsSinceEpoch() },
                             { u"iso"_s, now.toString(Qt::ISODateWithMs) } };
    });

    m_server->on(u"counter.get"_s, this, [this] { return m_counter; });

    // State shared by every client lives in the service; everyone hears about a change through a
    // broadcast, which the caller receives too (so all clients update the same way).
    m_server->on(u"counter.increment"_s, this, [this] {
        ++m_counter;
        m_server->broadcast(u"counter.changed"_s, QJsonObject { { u"value"_s, m_counter } });
        Q_EMIT counterChanged(m_counter);
        return m_counter;
    });

    // Throwing DrsError refuses the command: the caller gets drs.error {"message": ...}.
    m_server->on(u"fail"_s, [](const DrsCommand &command) -> QJsonValue {
        const QString message = command.body()[u"message"_s].toString();
        throw DrsError(message.isEmpty() ? u"fail always refuses: this is a drs.error"_s : message);
    });

    // Any other exception is a bug in the handler: the caller gets drs.exception, and the
    // service keeps running.
    m_server->on(u"crash"_s, []() -> QJsonValue {
        throw std::runtime_error("crash always throws: this is a drs.exception");
    });

    // An asynchronous handler keeps its DrsRequest and answers later, without blocking the
    // service meanwhile: {"ms": 500} answers {"waited": 500} half a second later.
    m_server->onAsync(u"delay"_s, this, [this](DrsRequest request) {
        const int ms = request.body()[u"ms"_s].toInt(1000);
        if (ms < 0 || ms > 60000) {
            request.error(u"delay: ms must be between 0 and 60000"_s);
            return;
        }
        QTimer::singleShot(ms, this, [request, ms]() mutable {
            request.respond(QJsonObject { { u"waited"_s, ms } });
        });
    });

    // Every Q_INVOKABLE of MathService becomes math.<method>: math.add {"a": 2, "b": 3} -> 5.
    m_server->registerService(m_math, u"math"_s);
}

void DemoService::tick()
{
    // Live traffic for watchers (drs watch, the inspector): a keyless command to every client.
    ++m_ticks;
    m_server->broadcast(
            u"demo.tick"_s,
            QJsonObject { { u"n"_s, m_ticks }, { u"ms"_s, QDateTime::currentMSecsSinceEpoch() } });
}
