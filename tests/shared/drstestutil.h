// Helpers shared by the QtDrs test suites: listen URLs per transport and data-driven rows.
#ifndef DRSTESTUTIL_H
#define DRSTESTUTIL_H

#include <drscommand.h>

#include <QtCore/QAtomicInt>
#include <QtCore/QCoreApplication>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtTest/QTest>

namespace DrsTest {

inline QStringList transports()
{
    return { QStringLiteral("tcp"), QStringLiteral("local"), QStringLiteral("ws") };
}

//! A listen URL on loopback for \a transport: port 0 (the system picks), a unique local name.
inline QUrl listenUrl(const QString &transport)
{
    static QAtomicInt counter;
    if (transport == QLatin1String("tcp"))
        return QUrl(QStringLiteral("tcp://127.0.0.1:0"));
    if (transport == QLatin1String("ws"))
        return QUrl(QStringLiteral("ws://127.0.0.1:0/socket"));
    return QUrl(QStringLiteral("local:qtdrs-test-%1-%2")
                        .arg(QCoreApplication::applicationPid())
                        .arg(counter.fetchAndAddRelaxed(1)));
}

//! Columns "transport" (QString) and "encoding" (DrsCommand::Encoding), one row per pair.
inline void addTransportEncodingRows()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<DrsCommand::Encoding>("encoding");
    for (const QString &transport : transports()) {
        QTest::addRow("%s/json", qPrintable(transport)) << transport << DrsCommand::JsonEncoding;
        QTest::addRow("%s/cbor", qPrintable(transport)) << transport << DrsCommand::CborEncoding;
    }
}

//! Column "transport" (QString), one row per transport.
inline void addTransportRows()
{
    QTest::addColumn<QString>("transport");
    for (const QString &transport : transports())
        QTest::addRow("%s", qPrintable(transport)) << transport;
}

} // namespace DrsTest

#endif // DRSTESTUTIL_H
