// TemplatesModel: a TemplateStore as a list model, editable and reorderable by drag and drop.
#ifndef TEMPLATESMODEL_H
#define TEMPLATESMODEL_H

#include <QtCore/QAbstractListModel>
#include <QtCore/QPointer>

#include "templatestore.h"

/*!
    One row per template of a TemplateStore. The display text is the name (with the group in
    parentheses); editing the EditRole renames, GroupRole regroups, and moveRows() (used by a
    QListView in InternalMove mode) reorders. Every edit goes straight to the store.
*/
class TemplatesModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { NameRole = Qt::UserRole + 1, GroupRole, ActionRole, BodyRole };

    explicit TemplatesModel(TemplateStore *store, QObject *parent = nullptr);
    ~TemplatesModel() override;

    TemplateStore *store() const { return m_store; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;
    Qt::DropActions supportedDropActions() const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void storeChanged();

    QPointer<TemplateStore> m_store;
    bool m_editing = false; // our own edit: the store's changed() needs no reset
    Q_DISABLE_COPY(TemplatesModel)
};

#endif // TEMPLATESMODEL_H
