// ClientListWidget: the clients of a listening session, one row each with the peer name, the
// encoding it speaks (updated when its first command tells) and when it connected.
#ifndef CLIENTLISTWIDGET_H
#define CLIENTLISTWIDGET_H

#include <QtWidgets/QTreeWidget>

class DrsConnection;

class ClientListWidget : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { PeerColumn, EncodingColumn, ConnectedColumn, ColumnCount };

    explicit ClientListWidget(QWidget *parent = nullptr);
    ~ClientListWidget() override;

    void addClient(DrsConnection *client, const QString &peerName);
    void removeClient(DrsConnection *client);
    void clearClients();

    QList<DrsConnection *> clients() const;
    int clientCount() const;
    QString peerName(DrsConnection *client) const;
    //! The client of the current row, or null.
    DrsConnection *selectedClient() const;
    void selectClient(DrsConnection *client);

Q_SIGNALS:
    void selectedClientChanged(DrsConnection *client);

private:
    QTreeWidgetItem *itemOf(DrsConnection *client) const;
    static QString encodingName(int encoding);
};

#endif // CLIENTLISTWIDGET_H
