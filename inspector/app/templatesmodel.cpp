#include "templatesmodel.h"

#include <QtCore/QScopedValueRollback>

TemplatesModel::TemplatesModel(TemplateStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    if (m_store)
        connect(m_store, &TemplateStore::changed, this, &TemplatesModel::storeChanged);
}

TemplatesModel::~TemplatesModel() = default;

int TemplatesModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_store)
        return 0;
    return m_store->count();
}

QVariant TemplatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_store)
        return QVariant();
    const TemplateStore::Template t = m_store->at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return t.group.isEmpty() ? t.name : tr("%1 (%2)").arg(t.name, t.group);
    case Qt::EditRole:
    case NameRole:
        return t.name;
    case Qt::ToolTipRole:
        return t.group.isEmpty() ? t.action : tr("%1 in %2").arg(t.action, t.group);
    case GroupRole:
        return t.group;
    case ActionRole:
        return t.action;
    case BodyRole:
        return QVariant::fromValue(t.body);
    default:
        return QVariant();
    }
}

bool TemplatesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_store)
        return false;
    TemplateStore::Template t = m_store->at(index.row());
    switch (role) {
    case Qt::EditRole:
    case NameRole:
        if (value.toString().trimmed().isEmpty())
            return false;
        t.name = value.toString().trimmed();
        break;
    case GroupRole:
        t.group = value.toString().trimmed();
        break;
    case ActionRole:
        if (value.toString().trimmed().isEmpty())
            return false;
        t.action = value.toString().trimmed();
        break;
    default:
        return false;
    }
    {
        const QScopedValueRollback<bool> editing(m_editing, true);
        if (!m_store->update(index.row(), t))
            return false;
    }
    Q_EMIT dataChanged(index, index);
    return true;
}

Qt::ItemFlags TemplatesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // drops land between rows, never on one
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsDragEnabled
            | Qt::ItemNeverHasChildren;
}

bool TemplatesModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || !m_store || row < 0 || count < 1 || row + count > rowCount())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    {
        const QScopedValueRollback<bool> editing(m_editing, true);
        for (int i = 0; i < count; ++i)
            m_store->remove(row);
    }
    endRemoveRows();
    return true;
}

bool TemplatesModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                              const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || !m_store || count < 1
        || sourceRow < 0 || sourceRow + count > rowCount() || destinationChild < 0
        || destinationChild > rowCount())
        return false;
    // Qt's convention: destinationChild is the row before which the rows land, in the old order.
    if (destinationChild >= sourceRow && destinationChild <= sourceRow + count)
        return false;
    if (!beginMoveRows(sourceParent, sourceRow, sourceRow + count - 1, destinationParent,
                       destinationChild))
        return false;
    {
        const QScopedValueRollback<bool> editing(m_editing, true);
        if (destinationChild < sourceRow) {
            for (int i = 0; i < count; ++i)
                m_store->move(sourceRow + i, destinationChild + i);
        } else {
            for (int i = 0; i < count; ++i)
                m_store->move(sourceRow, destinationChild - 1);
        }
    }
    endMoveRows();
    return true;
}

Qt::DropActions TemplatesModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QHash<int, QByteArray> TemplatesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(GroupRole, "group");
    names.insert(ActionRole, "action");
    names.insert(BodyRole, "body");
    return names;
}

void TemplatesModel::storeChanged()
{
    if (m_editing)
        return;
    beginResetModel();
    endResetModel();
}
