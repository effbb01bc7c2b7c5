#include "sessionwidget.h"

#include "clientlistwidget.h"
#include "composerwidget.h"
#include "detailpane.h"
#include "filterbar.h"
#include "trafficfiltermodel.h"
#include "trafficstats.h"
#include "urlbar.h"

#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSettings>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace {

QString urlList(const QList<QUrl> &urls)
{
    QStringList texts;
    texts.reserve(urls.size());
    for (const QUrl &url : urls)
        texts.append(url.toString());
    return texts.join(QLatin1String(", "));
}

DrsConnection *connectionOf(const QVariant &data)
{
    return reinterpret_cast<DrsConnection *>(data.value<quintptr>());
}

} // namespace

SessionWidget::SessionWidget(Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
{
    setObjectName(QStringLiteral("session"));
    m_model = new TrafficLogModel(this);
    m_filterModel = new TrafficFilterModel(this);
    m_filterModel->setSourceModel(m_model);
    m_stats = new TrafficStats(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    if (m_mode != ImportedMode) {
        auto *bar = new QWidget(this);
        bar->setObjectName(QStringLiteral("connectionBar"));
        if (m_mode == ClientMode)
            buildClientBar(bar);
        else
            buildListenBar(bar);
        layout->addWidget(bar);
    }
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("sessionMessage"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    layout->addWidget(m_messageLabel);
    m_filterBar = new FilterBar(m_filterModel, this);
    layout->addWidget(m_filterBar);
    buildLog();
    layout->addWidget(m_mainSplitter, 1);

    if (m_mode != ImportedMode)
        m_stats->setModel(m_model);
    connect(m_model, &TrafficLogModel::seenActionsChanged, this,
            [this] { m_composer->setActionCompletions(m_model->seenActions()); });
    connect(m_filterModel, &TrafficFilterModel::countsChanged, this, &SessionWidget::countsChanged);

    if (m_mode == ClientMode)
        setupClientConnection();
    else if (m_mode == ListenMode)
        setupServer();
    updateState();
}

SessionWidget::~SessionWidget()
{
    // The connection and the server report their last state changes while they go: not to a
    // half-destroyed session.
    if (m_connection) {
        disconnect(m_connection, nullptr, this, nullptr);
        delete m_connection;
    }
    if (m_server) {
        disconnect(m_server, nullptr, this, nullptr);
        for (auto it = m_peers.cbegin(); it != m_peers.cend(); ++it)
            disconnect(it.key(), nullptr, this, nullptr);
        m_clientList->clearClients();
        delete m_server;
    }
}

// ---- building ----

void SessionWidget::buildClientBar(QWidget *bar)
{
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("&Endpoint:"), bar);
    m_urlBar = new UrlBar(bar);
    label->setBuddy(m_urlBar);
    layout->addWidget(label);
    layout->addWidget(m_urlBar, 1);

    m_encodingCombo = new QComboBox(bar);
    m_encodingCombo->setObjectName(QStringLiteral("encodingCombo"));
    m_encodingCombo->addItem(tr("JSON"), int(DrsCommand::JsonEncoding));
    m_encodingCombo->addItem(tr("CBOR"), int(DrsCommand::CborEncoding));
    m_encodingCombo->setToolTip(tr("The encoding to speak; takes effect on the next connect"));
    layout->addWidget(m_encodingCombo);

    m_connectButton = new QPushButton(tr("&Connect"), bar);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setIcon(QIcon(QStringLiteral(":/icons/connect.svg")));
    m_disconnectButton = new QPushButton(tr("&Disconnect"), bar);
    m_disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    m_disconnectButton->setIcon(QIcon(QStringLiteral(":/icons/disconnect.svg")));
    m_reconnectButton = new QPushButton(tr("&Reconnect"), bar);
    m_reconnectButton->setObjectName(QStringLiteral("reconnectButton"));
    layout->addWidget(m_connectButton);
    layout->addWidget(m_disconnectButton);
    layout->addWidget(m_reconnectButton);

    connect(m_urlBar, &UrlBar::urlEntered, this, [this](const QString &text) { connectTo(text); });
    connect(m_connectButton, &QPushButton::clicked, this, [this] { connectTo(m_urlBar->text()); });
    connect(m_disconnectButton, &QPushButton::clicked, this, &SessionWidget::disconnectFromPeer);
    connect(m_reconnectButton, &QPushButton::clicked, this, &SessionWidget::reconnect);
}

void SessionWidget::buildListenBar(QWidget *bar)
{
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Listening on:"), bar));
    m_listenLabel = new QLabel(bar);
    m_listenLabel->setObjectName(QStringLiteral("listenUrls"));
    m_listenLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_listenLabel, 1);
    m_listenButton = new QPushButton(tr("&Stop"), bar);
    m_listenButton->setObjectName(QStringLiteral("listenButton"));
    layout->addWidget(m_listenButton);
    connect(m_listenButton, &QPushButton::clicked, this, [this] {
        if (m_server->isListening())
            stopListening();
        else
            listen(m_listenUrls);
    });
}

void SessionWidget::buildLog()
{
    m_logView = new QTableView(this);
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setModel(m_filterModel);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_logView->setWordWrap(false);
    m_logView->setShowGrid(false);
    m_logView->setAlternatingRowColors(true);
    m_logView->setContextMenuPolicy(Qt::CustomContextMenu);
    // Fixed row heights: the view never measures rows, whatever the traffic.
    QHeaderView *rows = m_logView->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);
    QHeaderView *columns = m_logView->horizontalHeader();
    columns->setObjectName(QStringLiteral("logHeader"));
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSectionsMovable(true);
    const int widths[] = { 95, 55, 140, 150, 160, 55, 95, 80 };
    for (int column = 0; column < TrafficLogModel::ColumnCount; ++column)
        columns->resizeSection(column, widths[column]);

    QScrollBar *scrollBar = m_logView->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this,
            [this, scrollBar](int value) { m_followTail = value >= scrollBar->maximum(); });
    connect(scrollBar, &QScrollBar::rangeChanged, this, &SessionWidget::scrollToTailIfFollowing);
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SessionWidget::onCurrentRowChanged);
    connect(m_logView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionWidget::selectionChanged);
    connect(m_filterModel, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int current = m_logView->currentIndex().row();
                if (current >= topLeft.row() && current <= bottomRight.row())
                    onCurrentRowChanged();
            });
    connect(m_logView, &QTableView::customContextMenuRequested, this,
            &SessionWidget::showContextMenu);
    connect(m_logView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!isReadOnly())
            m_composer->setCommand(index.data(TrafficLogModel::CommandRole).value<DrsCommand>());
    });

    m_composer = new ComposerWidget(this);
    m_composer->setObjectName(QStringLiteral("composer"));
    connect(m_composer, &ComposerWidget::fireRequested, this,
            [this](const DrsCommand &command) { fire(command); });
    connect(m_composer, &ComposerWidget::callRequested, this,
            [this](const DrsCommand &command, int timeoutMs) {
                const QList<DrsReply *> replies = call(command, timeoutMs);
                if (!replies.isEmpty())
                    m_composer->showCallResult(replies.constFirst());
            });

    m_composerBox = new QWidget(this);
    m_composerBox->setObjectName(QStringLiteral("composerBox"));
    auto *composerLayout = new QVBoxLayout(m_composerBox);
    composerLayout->setContentsMargins(0, 0, 0, 0);
    if (m_mode == ListenMode) {
        auto *targetRow = new QHBoxLayout;
        auto *targetLabel = new QLabel(tr("Send &to:"), m_composerBox);
        m_targetCombo = new QComboBox(m_composerBox);
        m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
        m_targetCombo->addItem(tr("All clients (broadcast)"));
        m_targetCombo->setToolTip(tr("Fire and Call go to this client, or to every client"));
        targetLabel->setBuddy(m_targetCombo);
        targetRow->addWidget(targetLabel);
        targetRow->addWidget(m_targetCombo, 1);
        composerLayout->addLayout(targetRow);
        connect(m_targetCombo, &QComboBox::currentIndexChanged, this, [this] {
            if (m_clientList->selectedClient() != target())
                m_clientList->selectClient(target());
        });
    }
    composerLayout->addWidget(m_composer, 1);

    m_logSplitter = new QSplitter(Qt::Vertical, this);
    m_logSplitter->setObjectName(QStringLiteral("logSplitter"));
    m_logSplitter->addWidget(m_logView);
    m_logSplitter->addWidget(m_composerBox);
    m_logSplitter->setStretchFactor(0, 3);
    m_logSplitter->setStretchFactor(1, 2);
    m_logSplitter->setCollapsible(0, false);
    m_composerBox->setVisible(m_mode != ImportedMode);

    m_detailPane = new DetailPane(this);
    connect(m_detailPane, &DetailPane::goToPairedRequested, this,
            [this](quint64 id) { selectRecord(id); });

    m_clientsBox = new QGroupBox(tr("Clients"), this);
    m_clientsBox->setObjectName(QStringLiteral("clientsBox"));
    auto *clientsLayout = new QVBoxLayout(m_clientsBox);
    clientsLayout->setContentsMargins(4, 4, 4, 4);
    m_clientList = new ClientListWidget(m_clientsBox);
    clientsLayout->addWidget(m_clientList);
    m_clientsBox->setVisible(m_mode == ListenMode);
    connect(m_clientList, &ClientListWidget::selectedClientChanged, this,
            [this](DrsConnection *client) {
                if (client)
                    setTarget(client);
            });

    m_sideSplitter = new QSplitter(Qt::Vertical, this);
    m_sideSplitter->setObjectName(QStringLiteral("sideSplitter"));
    m_sideSplitter->addWidget(m_clientsBox);
    m_sideSplitter->addWidget(m_detailPane);
    m_sideSplitter->setStretchFactor(0, 1);
    m_sideSplitter->setStretchFactor(1, 3);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_logSplitter);
    m_mainSplitter->addWidget(m_sideSplitter);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    m_mainSplitter->setSizes({ 850, 500 });
    m_logSplitter->setSizes({ 480, 300 });
    m_sideSplitter->setSizes({ 160, 600 });
}

// ---- client mode ----

void SessionWidget::setupClientConnection()
{
    m_connection = new DrsConnection(this);
    m_connection->setAutoReconnect(true);
    m_connection->setReconnectDelays(500, 15000);
    connect(m_connection, &DrsConnection::commandReceived, this, [this](const DrsCommand &command) {
        m_model->append(TrafficRecord::Incoming, m_peer, command);
        // A keyless drs.error is the peer telling us we sent something it could not read.
        if (command.action() == DrsCommand::errorAction() && !command.hasKey())
            showMessage(tr("%1 reported an error: %2").arg(m_peer, command.errorMessage()));
    });
    connect(m_connection, &DrsConnection::commandSent, this, [this](const DrsCommand &command) {
        m_model->append(TrafficRecord::Outgoing, m_peer, command);
    });
    connect(m_connection, &DrsConnection::stateChanged, this, &SessionWidget::updateState);
    connect(m_connection, &DrsConnection::errorOccurred, this, &SessionWidget::onConnectionError);
    connect(m_connection, &DrsConnection::reconnecting, this, [this](int attempt, int delayMsecs) {
        const QString retry = tr("Retrying in %1 s (attempt %2).")
                                      .arg(QLocale().toString(delayMsecs / 1000.0, 'f', 1))
                                      .arg(attempt);
        showMessage(m_message.isEmpty() ? retry : tr("%1 %2").arg(m_message, retry));
    });
    connect(m_connection, &DrsConnection::connected, this, [this] {
        showMessage(QString());
        m_urlBar->addToHistory(m_peer);
    });
}

bool SessionWidget::connectTo(const QString &text)
{
    if (m_mode != ClientMode)
        return false;
    const QUrl url = DrsTransport::urlFromUserInput(text);
    if (!url.isValid() || url.isEmpty()) {
        m_urlBar->setText(text.trimmed()); // to be corrected where it was typed
        showMessage(text.trimmed().isEmpty()
                            ? tr("Type an endpoint first, such as tcp://127.0.0.1:12000.")
                            : tr("“%1” is not an endpoint URL. Use tcp://host:port, "
                                 "ws://host:port/path or local:name.")
                                      .arg(text.trimmed()));
        updateState();
        return false;
    }
    // Already there (or on the way): Return in the URL bar and the Connect button both land
    // here, and the completer's popup can deliver one Return twice.
    const DrsConnection::State current = m_connection->state();
    if (url == m_connection->url()
        && (current == DrsConnection::ConnectedState || current == DrsConnection::ConnectingState))
        return true;
    m_peer = url.toString();
    m_urlBar->setText(m_peer);
    m_connection->setEncoding(DrsCommand::Encoding(m_encodingCombo->currentData().toInt()));
    showMessage(QString());
    m_connection->open(url);
    Q_EMIT titleChanged(title());
    updateState();
    return true;
}

void SessionWidget::disconnectFromPeer()
{
    if (!m_connection)
        return;
    m_connection->close();
    showMessage(QString());
    updateState();
}

void SessionWidget::reconnect()
{
    if (!m_connection)
        return;
    if (m_connection->url().isEmpty()) {
        connectTo(m_urlBar->text());
        return;
    }
    const QUrl url = m_connection->url();
    m_connection->close();
    showMessage(QString());
    m_connection->open(url);
    updateState();
}

void SessionWidget::onConnectionError(DrsConnection::Error error)
{
    const QString reason = m_connection->errorString();
    switch (error) {
    case DrsConnection::NoError:
        return;
    case DrsConnection::ProtocolError:
    case DrsConnection::MessageTooLargeError:
        showMessage(tr("%1 sent something that is not a DRS command (%2). The inspector answered "
                       "with drs.error and closed the connection.")
                            .arg(m_peer, reason));
        break;
    case DrsConnection::RemoteHostClosedError:
        showMessage(tr("%1 closed the connection.").arg(m_peer));
        break;
    default:
        showMessage(tr("Cannot connect to %1: %2.").arg(m_peer, reason));
        break;
    }
    updateState();
}

// ---- listen mode ----

void SessionWidget::setupServer()
{
    m_server = new DrsServer(this);
    connect(m_server, &DrsServer::clientConnected, this, &SessionWidget::addClient);
    connect(m_server, &DrsServer::clientDisconnected, this, &SessionWidget::removeClient);
    connect(m_server, &DrsServer::commandReceived, this,
            [this](DrsConnection *client, const DrsCommand &command) {
                m_model->append(TrafficRecord::Incoming, m_peers.value(client), command);
            });
    connect(m_server, &DrsServer::listeningChanged, this, &SessionWidget::updateState);
}

bool SessionWidget::listen(const QList<QUrl> &urls)
{
    if (m_mode != ListenMode)
        return false;
    m_listenUrls = urls;
    if (urls.isEmpty()) {
        showMessage(tr("Give at least one URL to listen on, such as tcp://127.0.0.1:12000."));
        updateState();
        return false;
    }
    if (!m_server->listen(urls)) {
        showMessage(tr("Cannot listen on %1: %2").arg(urlList(urls), m_server->errorString()));
        m_listenLabel->setText(urlList(urls));
        updateState();
        Q_EMIT titleChanged(title());
        return false;
    }
    showMessage(QString());
    m_listenLabel->setText(urlList(m_server->serverUrls()));
    updateState();
    Q_EMIT titleChanged(title());
    return true;
}

void SessionWidget::stopListening()
{
    if (!m_server)
        return;
    m_server->close();
    const QList<DrsConnection *> remaining = m_peers.keys();
    for (DrsConnection *client : remaining)
        removeClient(client);
    updateState();
}

QList<QUrl> SessionWidget::serverUrls() const
{
    return m_server ? m_server->serverUrls() : QList<QUrl>();
}

QList<DrsConnection *> SessionWidget::clients() const
{
    return m_clientList->clients();
}

QString SessionWidget::peerName(DrsConnection *client) const
{
    return m_peers.value(client);
}

DrsConnection *SessionWidget::target() const
{
    if (!m_targetCombo)
        return nullptr;
    DrsConnection *client = connectionOf(m_targetCombo->currentData());
    return m_peers.contains(client) ? client : nullptr;
}

void SessionWidget::setTarget(DrsConnection *client)
{
    if (!m_targetCombo)
        return;
    const int index = client ? m_targetCombo->findData(QVariant::fromValue(quintptr(client))) : 0;
    m_targetCombo->setCurrentIndex(qMax(0, index));
}

void SessionWidget::addClient(DrsConnection *client)
{
    QString name = client->peerName();
    if (name.isEmpty())
        name = tr("client");
    // Every client of a local socket has the server's name: number them so their rows differ.
    const QStringList taken = m_peers.values();
    if (taken.contains(name)) {
        int n = 2;
        while (taken.contains(QStringLiteral("%1 #%2").arg(name).arg(n)))
            ++n;
        name = QStringLiteral("%1 #%2").arg(name).arg(n);
    }
    m_peers.insert(client, name);
    connect(client, &DrsConnection::commandSent, this, [this, name](const DrsCommand &command) {
        m_model->append(TrafficRecord::Outgoing, name, command);
    });
    connect(client, &DrsConnection::errorOccurred, this,
            [this, client, name](DrsConnection::Error error) {
                if (error == DrsConnection::ProtocolError
                    || error == DrsConnection::MessageTooLargeError)
                    showMessage(tr("%1 sent something that is not a DRS command (%2). The "
                                   "inspector answered with drs.error and closed its connection.")
                                        .arg(name, client->errorString()));
            });
    m_clientList->addClient(client, name);
    m_targetCombo->addItem(name, QVariant::fromValue(quintptr(client)));
    updateState();
}

void SessionWidget::removeClient(DrsConnection *client)
{
    if (!m_peers.contains(client))
        return;
    disconnect(client, nullptr, this, nullptr);
    // Never let the target slide to another client: back to broadcast.
    if (target() == client)
        m_targetCombo->setCurrentIndex(0);
    m_clientList->removeClient(client);
    const int index = m_targetCombo->findData(QVariant::fromValue(quintptr(client)));
    if (index > 0)
        m_targetCombo->removeItem(index);
    m_peers.remove(client);
    updateState();
}

// ---- sending ----

bool SessionWidget::canSend() const
{
    switch (m_mode) {
    case ClientMode:
        return m_connection->state() != DrsConnection::UnconnectedState;
    case ListenMode:
        return m_server->isListening() && !m_peers.isEmpty();
    case ImportedMode:
        break;
    }
    return false;
}

bool SessionWidget::fire(const DrsCommand &command)
{
    if (m_mode == ClientMode) {
        if (m_connection->fire(command))
            return true;
        showMessage(m_connection->state() == DrsConnection::UnconnectedState
                            ? tr("Not connected: %1 was not sent.").arg(command.action())
                            : tr("Too many commands wait for the connection: %1 was not sent.")
                                      .arg(command.action()));
        return false;
    }
    if (m_mode != ListenMode)
        return false;
    if (DrsConnection *client = target()) {
        if (client->fire(command))
            return true;
        showMessage(
                tr("%1 is gone: %2 was not sent.").arg(m_peers.value(client), command.action()));
        return false;
    }
    if (m_server->broadcast(command) > 0)
        return true;
    showMessage(tr("No client is connected: %1 was not sent.").arg(command.action()), false);
    return false;
}

QList<DrsReply *> SessionWidget::call(const DrsCommand &command, int timeoutMs)
{
    QList<DrsReply *> replies;
    if (m_mode == ClientMode) {
        if (m_connection->state() == DrsConnection::UnconnectedState)
            showMessage(tr("Not connected: %1 was not sent.").arg(command.action()));
        DrsReply *reply = m_connection->call(command, timeoutMs);
        trackReply(reply, m_peer);
        replies.append(reply);
    } else if (m_mode == ListenMode) {
        const QList<DrsConnection *> targets
                = target() ? QList<DrsConnection *> { target() } : clients();
        if (targets.isEmpty())
            showMessage(tr("No client is connected: %1 was not sent.").arg(command.action()),
                        false);
        for (DrsConnection *client : targets) {
            DrsReply *reply = client->call(command, timeoutMs);
            trackReply(reply, m_peers.value(client));
            replies.append(reply);
        }
    }
    return replies;
}

void SessionWidget::trackReply(DrsReply *reply, const QString &peer)
{
    connect(reply, &DrsReply::finished, this, [this, reply, peer] {
        if (reply->error() == DrsReply::Timeout)
            m_model->markTimedOut(peer, reply->key());
        reply->deleteLater();
    });
}

int SessionWidget::replay(const QList<DrsCommand> &commands)
{
    int sent = 0;
    for (const DrsCommand &command : commands) {
        if (command.isReply() || !canSend())
            continue;
        if (command.hasKey()) {
            // A new key: the old one was answered already, and pairing must find this call.
            DrsCommand again = command;
            again.setKey(DrsCommand::generateKey());
            if (!call(again, m_composer->callTimeout()).isEmpty())
                ++sent;
        } else if (fire(command)) {
            ++sent;
        }
    }
    return sent;
}

// ---- the log ----

void SessionWidget::onCurrentRowChanged()
{
    const QModelIndex current = m_logView->currentIndex();
    if (!current.isValid()) {
        m_detailPane->clearRecord();
        return;
    }
    const int row = m_filterModel->mapToSource(current).row();
    if (row < 0) {
        m_detailPane->clearRecord();
        return;
    }
    m_detailPane->setRecord(m_model->record(row));
}

QList<TrafficRecord> SessionWidget::selectedRecords() const
{
    QList<int> rows;
    const QModelIndexList selected = m_logView->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected) {
        const int row = m_filterModel->mapToSource(index).row();
        if (row >= 0)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    QList<TrafficRecord> records;
    records.reserve(rows.size());
    for (int row : std::as_const(rows))
        records.append(m_model->record(row));
    return records;
}

QString SessionWidget::selectionAsJson() const
{
    const QList<TrafficRecord> records = selectedRecords();
    if (records.isEmpty())
        return QString();
    if (records.size() == 1)
        return QString::fromUtf8(
                QJsonDocument(records.constFirst().command.toJsonObject()).toJson());
    QJsonArray array;
    for (const TrafficRecord &record : records)
        array.append(record.command.toJsonObject());
    return QString::fromUtf8(QJsonDocument(array).toJson());
}

bool SessionWidget::selectRecord(quint64 id)
{
    m_model->flush();
    const int row = m_model->rowOfId(id);
    if (row < 0) {
        showMessage(tr("That command is no longer in the log."), false);
        return false;
    }
    QModelIndex index = m_filterModel->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        // Asked for explicitly: show it rather than refuse because of the filter.
        m_filterBar->clearFilters();
        index = m_filterModel->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            return false;
    }
    m_logView->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_logView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void SessionWidget::importRecords(const QList<TrafficRecord> &records)
{
    m_model->flush();
    // Old traffic is not part of the current rates.
    m_stats->setModel(nullptr);
    m_model->appendRecords(records);
    m_model->flush();
    if (m_mode != ImportedMode)
        m_stats->setModel(m_model);
}

void SessionWidget::setSourceFile(const QString &fileName)
{
    m_sourceFile = fileName;
    Q_EMIT titleChanged(title());
}

void SessionWidget::clearLog()
{
    m_model->clear();
    m_detailPane->clearRecord();
}

void SessionWidget::setAutoscrollPaused(bool paused)
{
    m_autoscrollPaused = paused;
    if (!paused) {
        m_followTail = true;
        m_logView->scrollToBottom();
    }
}

void SessionWidget::scrollToTailIfFollowing()
{
    if (m_followTail && !m_autoscrollPaused)
        m_logView->scrollToBottom();
}

void SessionWidget::showContextMenu(const QPoint &pos)
{
    const QList<TrafficRecord> records = selectedRecords();
    if (records.isEmpty())
        return;
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy as JSON"));
    connect(copy, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(selectionAsJson()); });
    if (!isReadOnly()) {
        QAction *load = menu.addAction(tr("Load into Composer"));
        connect(load, &QAction::triggered, this,
                [this, records] { m_composer->setCommand(records.constLast().command); });
        QList<DrsCommand> outgoing;
        for (const TrafficRecord &record : records) {
            if (record.direction == TrafficRecord::Outgoing && !record.command.isReply())
                outgoing.append(record.command);
        }
        QAction *replayAction = menu.addAction(tr("Replay"));
        replayAction->setEnabled(!outgoing.isEmpty() && canSend());
        connect(replayAction, &QAction::triggered, this, [this, outgoing] { replay(outgoing); });
    }
    const TrafficRecord &last = records.constLast();
    if (last.pairedId != 0) {
        QAction *paired
                = menu.addAction(last.command.isReply() ? tr("Go to Request") : tr("Go to Reply"));
        const quint64 id = last.pairedId;
        connect(paired, &QAction::triggered, this, [this, id] { selectRecord(id); });
    }
    menu.exec(m_logView->viewport()->mapToGlobal(pos));
}

// ---- state ----

SessionWidget::State SessionWidget::state() const
{
    switch (m_mode) {
    case ImportedMode:
        return ImportedState;
    case ListenMode:
        return m_server->isListening() ? ListeningState : UnconnectedState;
    case ClientMode:
        switch (m_connection->state()) {
        case DrsConnection::UnconnectedState:
            return UnconnectedState;
        case DrsConnection::ConnectingState:
            return ConnectingState;
        case DrsConnection::ConnectedState:
            return ConnectedState;
        case DrsConnection::ReconnectingState:
            return ReconnectingState;
        }
    }
    return UnconnectedState;
}

QString SessionWidget::stateText() const
{
    switch (state()) {
    case UnconnectedState:
        return tr("Unconnected");
    case ConnectingState:
        return tr("Connecting");
    case ConnectedState:
        return tr("Connected");
    case ReconnectingState:
        return tr("Reconnecting");
    case ListeningState:
        return tr("Listening, %n client(s)", nullptr, int(m_peers.size()));
    case ImportedState:
        return tr("Imported");
    }
    return QString();
}

QColor SessionWidget::stateColor() const
{
    switch (state()) {
    case ConnectedState:
        return QColor(0x2d, 0xa4, 0x4e);
    case ConnectingState:
    case ReconnectingState:
        return QColor(0xd4, 0x9a, 0x06);
    case ListeningState:
        return QColor(0x2f, 0x81, 0xf7);
    case ImportedState:
        return QColor(0x8b, 0x94, 0x9e);
    case UnconnectedState:
        break;
    }
    return m_messageIsError && !m_message.isEmpty() ? QColor(0xcf, 0x22, 0x2e)
                                                    : QColor(0x8b, 0x94, 0x9e);
}

QString SessionWidget::title() const
{
    switch (m_mode) {
    case ClientMode:
        return m_peer.isEmpty() ? tr("New Connection") : m_peer;
    case ListenMode:
        return tr("Listen %1")
                .arg(urlList(m_server->isListening() ? m_server->serverUrls() : m_listenUrls));
    case ImportedMode:
        return tr("Imported %1").arg(QFileInfo(m_sourceFile).fileName());
    }
    return QString();
}

QString SessionWidget::message() const
{
    return m_message;
}

void SessionWidget::showMessage(const QString &text, bool error)
{
    m_message = text;
    m_messageIsError = error;
    m_messageLabel->setText(text);
    m_messageLabel->setStyleSheet(
            error ? QStringLiteral("QLabel { background: #fbe3e4; color: #86181d; "
                                   "border: 1px solid #f1aeb5; border-radius: 3px; padding: 4px; }")
                  : QStringLiteral(
                          "QLabel { background: #fff8c5; color: #4d2d00; "
                          "border: 1px solid #eac54f; border-radius: 3px; padding: 4px; }"));
    m_messageLabel->setVisible(!text.isEmpty());
    Q_EMIT messageChanged(text);
    Q_EMIT stateChanged(state()); // the dot turns red on an error
}

void SessionWidget::updateState()
{
    updateButtons();
    Q_EMIT stateChanged(state());
}

void SessionWidget::updateButtons()
{
    if (m_mode == ClientMode) {
        const DrsConnection::State s = m_connection->state();
        m_disconnectButton->setEnabled(s != DrsConnection::UnconnectedState);
        m_reconnectButton->setEnabled(!m_connection->url().isEmpty());
        m_encodingCombo->setEnabled(s == DrsConnection::UnconnectedState);
    } else if (m_mode == ListenMode) {
        m_listenButton->setText(m_server->isListening() ? tr("&Stop") : tr("&Listen"));
    }
}

QString SessionWidget::modeKey() const
{
    switch (m_mode) {
    case ClientMode:
        return QStringLiteral("client");
    case ListenMode:
        return QStringLiteral("listen");
    case ImportedMode:
        break;
    }
    return QStringLiteral("imported");
}

void SessionWidget::saveLayout(QSettings *settings) const
{
    settings->beginGroup(QStringLiteral("session/") + modeKey());
    settings->setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    settings->setValue(QStringLiteral("logSplitter"), m_logSplitter->saveState());
    settings->setValue(QStringLiteral("sideSplitter"), m_sideSplitter->saveState());
    settings->setValue(QStringLiteral("detailSplitter"), m_detailPane->splitter()->saveState());
    settings->setValue(QStringLiteral("logHeader"), m_logView->horizontalHeader()->saveState());
    settings->endGroup();
}

void SessionWidget::restoreLayout(QSettings *settings)
{
    settings->beginGroup(QStringLiteral("session/") + modeKey());
    const auto restore = [settings](const QString &key, auto *widget) {
        const QByteArray state = settings->value(key).toByteArray();
        if (!state.isEmpty())
            widget->restoreState(state);
    };
    restore(QStringLiteral("mainSplitter"), m_mainSplitter);
    restore(QStringLiteral("logSplitter"), m_logSplitter);
    restore(QStringLiteral("sideSplitter"), m_sideSplitter);
    restore(QStringLiteral("detailSplitter"), m_detailPane->splitter());
    restore(QStringLiteral("logHeader"), m_logView->horizontalHeader());
    settings->endGroup();
}
