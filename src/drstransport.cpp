#include "drstransport.h"
#include "drstransports_p.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>

namespace {
struct SchemeFactories {
    DrsTransport::TransportFactory transport;
    DrsTransport::ListenerFactory listener;
};

struct SchemeRegistry {
    QMutex mutex;
    QHash<QString, SchemeFactories> schemes;
    bool builtinsRegistered = false;
};

SchemeRegistry &registry()
{
    static SchemeRegistry instance;
    return instance;
}

// Looks up a scheme, registering the built-in ones on first use.
SchemeFactories factoriesFor(const QString &scheme)
{
    SchemeRegistry &r = registry();
    {
        QMutexLocker locker(&r.mutex);
        if (r.builtinsRegistered)
            return r.schemes.value(scheme);
        r.builtinsRegistered = true;
    }
    QtDrsPrivate::registerBuiltinSchemes();
    QMutexLocker locker(&r.mutex);
    return r.schemes.value(scheme);
}

QString checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.scheme().isEmpty())
        return QStringLiteral("invalid URL '%1'").arg(url.toString());
    return QString();
}
} // namespace

DrsTransport::DrsTransport(QObject *parent)
    : QObject(parent)
{
}

DrsTransport::~DrsTransport() = default;

void DrsTransport::flush() { }

QByteArray DrsTransport::readAll()
{
    return QByteArray();
}
QHostAddress DrsTransport::peerAddress() const
{
    return QHostAddress();
}
quint16 DrsTransport::peerPort() const
{
    return 0;
}
QNetworkRequest DrsTransport::handshakeRequest() const
{
    return QNetworkRequest();
}
void DrsTransport::setMaxMessageSize(qint64) { }
void DrsTransport::setSslConfiguration(const QSslConfiguration &) { }
void DrsTransport::ignoreSslErrors(const QList<QSslError> &) { }
QSslCertificate DrsTransport::peerCertificate() const
{
    return QSslCertificate();
}

void DrsTransport::registerScheme(const QString &scheme, TransportFactory transportFactory,
                                  ListenerFactory listenerFactory)
{
    factoriesFor(QString()); // the built-ins first, so a user's registration wins over them
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    r.schemes.insert(scheme.toLower(), { std::move(transportFactory), std::move(listenerFactory) });
}

QStringList DrsTransport::supportedSchemes()
{
    factoriesFor(QString());
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    QStringList schemes = r.schemes.keys();
    schemes.sort();
    return schemes;
}

QUrl DrsTransport::urlFromUserInput(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QUrl();
    const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? trimmed.left(colon).toLower() : QString();
    if (!scheme.isEmpty() && supportedSchemes().contains(scheme)) {
        const QUrl url(trimmed, QUrl::StrictMode);
        return url.isValid() ? url : QUrl();
    }
    // host:port, [v6]:port or :port mean TCP, the transport every DRS peer speaks.
    const QUrl url(QStringLiteral("tcp://")
                           + (trimmed.startsWith(QLatin1Char(':'))
                                      ? QStringLiteral("127.0.0.1") + trimmed
                                      : trimmed),
                   QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0 || !url.path().isEmpty())
        return QUrl();
    return url;
}

DrsTransport *DrsTransport::create(const QUrl &url, QString *errorString)
{
    QString error = checkUrl(url);
    if (error.isEmpty()) {
        const SchemeFactories factories = factoriesFor(url.scheme().toLower());
        if (factories.transport) {
            if (DrsTransport *transport = factories.transport(url))
                return transport;
            error = QStringLiteral("invalid URL '%1': not a usable %2 endpoint (tcp, tls, ws "
                                   "and wss need a host and a port, local a name)")
                            .arg(url.toString(), url.scheme());
        } else {
            error = QStringLiteral("unsupported URL scheme '%1' (supported: %2)")
                            .arg(url.scheme(), supportedSchemes().join(QLatin1String(", ")));
        }
    }
    if (errorString)
        *errorString = error;
    return nullptr;
}

DrsListener::DrsListener(QObject *parent)
    : QObject(parent)
{
}

DrsListener::~DrsListener() = default;

QString DrsListener::errorString() const
{
    return m_errorString;
}
void DrsListener::setSslConfiguration(const QSslConfiguration &) { }
void DrsListener::setHandshakeTimeout(int) { }
void DrsListener::setAllowedOrigins(const QStringList &) { }
void DrsListener::setErrorString(const QString &errorString)
{
    m_errorString = errorString;
}

DrsListener *DrsListener::create(const QUrl &url, QString *errorString)
{
    QString error = checkUrl(url);
    if (error.isEmpty()) {
        const SchemeFactories factories = factoriesFor(url.scheme().toLower());
        if (factories.listener) {
            if (DrsListener *listener = factories.listener(url))
                return listener;
            error = QStringLiteral("cannot listen on '%1'").arg(url.toString());
        } else {
            error = QStringLiteral("cannot listen on URL scheme '%1' (supported: %2)")
                            .arg(url.scheme(),
                                 DrsTransport::supportedSchemes().join(QLatin1String(", ")));
        }
    }
    if (errorString)
        *errorString = error;
    return nullptr;
}
