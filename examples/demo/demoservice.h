// DemoService: the demo DRS service, a DrsServer with a handful of actions that show each part
// of the protocol (plain results, errors, exceptions, asynchronous answers, broadcasts, a QObject
// service). drs-demo serves it from the command line; other programs can serve it in-process:
//
//     DemoService demo;
//     demo.setTickInterval(0);
//     demo.server()->listen(QUrl("tcp://127.0.0.1:0"));
#ifndef DEMOSERVICE_H
#define DEMOSERVICE_H

#include <drsserver.h>

#include <QtCore/QObject>
#include <QtCore/QTimer>

class MathService;

class DemoService : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 counter READ counter NOTIFY counterChanged)
    Q_PROPERTY(int tickInterval READ tickInterval WRITE setTickInterval NOTIFY tickIntervalChanged)
public:
    static constexpr int DefaultTickInterval = 1000;

    explicit DemoService(QObject *parent = nullptr);
    ~DemoService() override;

    //! The server the actions are registered on: listen() on it, watch its clients.
    DrsServer *server() const;

    //! The shared counter of counter.get and counter.increment.
    qint64 counter() const;

    //! How often demo.tick is broadcast, in milliseconds; 0 turns it off.
    int tickInterval() const;
    void setTickInterval(int msecs);

Q_SIGNALS:
    void counterChanged(qint64 value);
    void tickIntervalChanged(int msecs);

private:
    void registerActions();
    void tick();

    DrsServer *m_server;
    MathService *m_math;
    QTimer m_tickTimer;
    qint64 m_counter = 0;
    qint64 m_ticks = 0;
};

#endif // DEMOSERVICE_H
