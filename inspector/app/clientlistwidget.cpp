#include "clientlistwidget.h"

#include <drsconnection.h>

#include <QtCore/QDateTime>
#include <QtWidgets/QHeaderView>

namespace {

DrsConnection *clientOf(const QTreeWidgetItem *item)
{
    return item ? reinterpret_cast<DrsConnection *>(item->data(0, Qt::UserRole).value<quintptr>())
                : nullptr;
}

} // namespace

ClientListWidget::ClientListWidget(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("clientList"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Client"), tr("Encoding"), tr("Connected") });
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(PeerColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(EncodingColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(ConnectedColumn, QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { Q_EMIT selectedClientChanged(clientOf(current)); });
}

ClientListWidget::~ClientListWidget() = default;

void ClientListWidget::addClient(DrsConnection *client, const QString &peerName)
{
    if (itemOf(client))
        return;
    auto *item = new QTreeWidgetItem(this);
    item->setData(0, Qt::UserRole, QVariant::fromValue(quintptr(client)));
    item->setText(PeerColumn, peerName);
    item->setText(EncodingColumn, encodingName(client->encoding()));
    const QDateTime now = QDateTime::currentDateTime();
    item->setText(ConnectedColumn, QLocale().toString(now.time(), QStringLiteral("HH:mm:ss")));
    item->setToolTip(ConnectedColumn, QLocale().toString(now, QLocale::LongFormat));
    // The server learns a client's encoding from the first bytes it sends.
    connect(client, &DrsConnection::encodingChanged, this, [this, client](DrsCommand::Encoding e) {
        if (QTreeWidgetItem *i = itemOf(client))
            i->setText(EncodingColumn, encodingName(e));
    });
}

void ClientListWidget::removeClient(DrsConnection *client)
{
    if (QTreeWidgetItem *item = itemOf(client)) {
        disconnect(client, nullptr, this, nullptr);
        delete item;
    }
}

void ClientListWidget::clearClients()
{
    const QList<DrsConnection *> all = clients();
    for (DrsConnection *client : all)
        removeClient(client);
}

QList<DrsConnection *> ClientListWidget::clients() const
{
    QList<DrsConnection *> result;
    for (int i = 0; i < topLevelItemCount(); ++i)
        result.append(clientOf(topLevelItem(i)));
    return result;
}

int ClientListWidget::clientCount() const
{
    return topLevelItemCount();
}

QString ClientListWidget::peerName(DrsConnection *client) const
{
    const QTreeWidgetItem *item = itemOf(client);
    return item ? item->text(PeerColumn) : QString();
}

DrsConnection *ClientListWidget::selectedClient() const
{
    return clientOf(currentItem());
}

void ClientListWidget::selectClient(DrsConnection *client)
{
    setCurrentItem(itemOf(client));
}

QTreeWidgetItem *ClientListWidget::itemOf(DrsConnection *client) const
{
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (clientOf(topLevelItem(i)) == client)
            return topLevelItem(i);
    }
    return nullptr;
}

QString ClientListWidget::encodingName(int encoding)
{
    return encoding == DrsCommand::CborEncoding ? tr("CBOR") : tr("JSON");
}
