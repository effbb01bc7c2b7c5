// The two windows of the signals example, kept in sync across processes by publish() and
// subscribe(): SliderWindow serves a slider, each DialWindow connects a dial to it. Moving either
// moves the other. They live in a small library so that a test can run both in one process.
#ifndef SYNCWIDGETS_H
#define SYNCWIDGETS_H

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QUrl>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QDial;
class QLabel;
class QSlider;
QT_END_NAMESPACE

//! The default endpoint of the example: a local socket.
QUrl defaultSignalsUrl();

//! A slider served to every dial that connects.
class SliderWindow : public QWidget {
    Q_OBJECT
public:
    explicit SliderWindow(QWidget *parent = nullptr);
    ~SliderWindow() override;

    bool listen(const QUrl &url);
    QString errorString() const;

    QSlider *slider() const { return m_slider; }
    DrsServer *server() { return &m_server; }

private:
    void updateStatus();

    DrsServer m_server;
    QSlider *m_slider;
    QLabel *m_value;
    QLabel *m_status;
};

//! A dial that follows the slider of a SliderWindow, and drives it.
class DialWindow : public QWidget {
    Q_OBJECT
public:
    explicit DialWindow(QWidget *parent = nullptr);
    ~DialWindow() override;

    //! Connects to the slider at \a url, and reconnects whenever it goes away.
    void open(const QUrl &url);

    QDial *dial() const { return m_dial; }
    DrsConnection *connection() { return &m_connection; }

private:
    void updateStatus();

    DrsConnection m_connection;
    QDial *m_dial;
    QLabel *m_value;
    QLabel *m_status;
};

#endif // SYNCWIDGETS_H
