// JsonTreeModel: a tree over one QJsonValue (the detail pane shows a command's JSON with it).
#ifndef JSONTREEMODEL_H
#define JSONTREEMODEL_H

#include <QtCore/QAbstractItemModel>
#include <QtCore/QJsonValue>

#include <memory>
#include <vector>

/*!
    Columns Key | Value | Type. An object or array at the top shows its members as the top-level
    rows; a scalar at the top is one row with an empty key. Children are built when first asked
    for, so a large body costs only what the view opens.
*/
class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        JsonValueRole = Qt::UserRole + 1, //!< the QJsonValue at the index
        PathRole //!< a JavaScript-like path from the top: .body.items[2].id
    };
    Q_ENUM(Role)

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    void setJson(const QJsonValue &value);
    QJsonValue json() const;
    //! The value at \a index (any column); undefined for an invalid index.
    QJsonValue valueAt(const QModelIndex &index) const;
    //! The path of \a index from the top, such as ".body.items[2]".
    QString pathAt(const QModelIndex &index) const;

    //! \a value as compact JSON; integers stay exact. Empty for an undefined value.
    static QString toCompactJson(const QJsonValue &value);
    //! \a value as indented JSON (objects and arrays; scalars as compact JSON).
    static QString toIndentedJson(const QJsonValue &value);
    static QString typeName(QJsonValue::Type type);

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Node {
        QString key; // member name; empty for array elements and a scalar at the top
        int arrayIndex = -1; // index in the parent array, -1 otherwise
        QJsonValue value;
        Node *parent = nullptr;
        int row = 0;
        bool populated = false;
        std::vector<std::unique_ptr<Node>> children;
    };
    Node *nodeOf(const QModelIndex &index) const;
    const std::vector<std::unique_ptr<Node>> &childrenOf(Node *node) const;
    static int childCountOf(const QJsonValue &value);

    std::unique_ptr<Node> m_root;
};

#endif // JSONTREEMODEL_H
