#include "syncwidgets.h"

#include <QtCore/QJsonObject>
#include <QtWidgets/QDial>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSlider>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

QUrl defaultSignalsUrl()
{
    return QUrl(u"local:drs-signals"_s);
}

SliderWindow::SliderWindow(QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_value(new QLabel)
    , m_status(new QLabel)
{
    setWindowTitle(tr("DRS slider"));
    m_slider->setRange(0, 100);
    m_slider->setValue(50);
    m_value->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_slider);
    layout->addWidget(m_value);
    layout->addWidget(m_status);

    // The two lines: every dial hears the slider move, and the slider follows every dial.
    m_server.publish(m_slider, u"slider"_s, { u"valueChanged"_s });
    m_server.subscribe(m_slider, u"dial"_s, { u"valueChanged"_s });

    // A dial that connects starts where the slider is.
    connect(&m_server, &DrsServer::clientConnected, this, [this](DrsConnection *connection) {
        connection->fire(u"slider.valueChanged"_s,
                         QJsonObject { { u"value"_s, m_slider->value() } });
    });
    connect(m_slider, &QSlider::valueChanged, m_value, qOverload<int>(&QLabel::setNum));
    connect(&m_server, &DrsServer::connectionCountChanged, this, &SliderWindow::updateStatus);
    connect(&m_server, &DrsServer::listeningChanged, this, &SliderWindow::updateStatus);
    m_value->setNum(m_slider->value());
    updateStatus();
}

SliderWindow::~SliderWindow() = default;

bool SliderWindow::listen(const QUrl &url)
{
    return m_server.listen(url);
}

QString SliderWindow::errorString() const
{
    return m_server.errorString();
}

void SliderWindow::updateStatus()
{
    if (!m_server.isListening()) {
        m_status->setText(tr("Not serving"));
        return;
    }
    m_status->setText(tr("Serving %1 to %n dial(s)", nullptr, m_server.connectionCount())
                              .arg(m_server.serverUrls().value(0).toString()));
}

DialWindow::DialWindow(QWidget *parent)
    : QWidget(parent)
    , m_dial(new QDial)
    , m_value(new QLabel)
    , m_status(new QLabel)
{
    setWindowTitle(tr("DRS dial"));
    m_dial->setRange(0, 100);
    m_dial->setNotchesVisible(true);
    m_value->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_dial);
    layout->addWidget(m_value);
    layout->addWidget(m_status);

    // The same two lines, the other way round.
    m_connection.publish(m_dial, u"dial"_s, { u"valueChanged"_s });
    m_connection.subscribe(m_dial, u"slider"_s, { u"valueChanged"_s });

    m_connection.setAutoReconnect(true);
    m_connection.setReconnectDelays(200, 2000);
    connect(m_dial, &QDial::valueChanged, m_value, qOverload<int>(&QLabel::setNum));
    connect(&m_connection, &DrsConnection::stateChanged, this, &DialWindow::updateStatus);
    m_value->setNum(m_dial->value());
    updateStatus();
}

DialWindow::~DialWindow() = default;

void DialWindow::open(const QUrl &url)
{
    m_connection.open(url);
}

void DialWindow::updateStatus()
{
    switch (m_connection.state()) {
    case DrsConnection::ConnectedState:
        m_status->setText(tr("Connected to %1").arg(m_connection.peerName()));
        break;
    case DrsConnection::ConnectingState:
    case DrsConnection::ReconnectingState:
        m_status->setText(tr("Looking for the slider at %1").arg(m_connection.url().toString()));
        break;
    case DrsConnection::UnconnectedState:
        m_status->setText(tr("Not connected"));
        break;
    }
}
