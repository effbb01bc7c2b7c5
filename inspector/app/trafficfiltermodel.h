// TrafficFilterModel: the traffic log as the user filters it: by action, direction, status and
// a search through the bodies, with counts of shown and total rows.
#ifndef TRAFFICFILTERMODEL_H
#define TRAFFICFILTERMODEL_H

#include "trafficlogmodel.h"

#include <QtCore/QRegularExpression>
#include <QtCore/QSortFilterProxyModel>

#include <optional>

/*!
    A proxy over a TrafficLogModel. All filters combine (a row is shown when it passes each).
    Matching is case-insensitive. The action filter matches a row's own action, and a reply row
    also by the action of the request it answers, so filtering "user.get" keeps the replies.
    Sorting uses TrafficLogModel::SortRole.
*/
class TrafficFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TrafficFilterModel(QObject *parent = nullptr);
    ~TrafficFilterModel() override;

    void setSourceModel(QAbstractItemModel *model) override;

    //! Empty text: no action filter. An invalid expression matches nothing and makes
    //! isActionFilterValid() false, with the reason in actionFilterError().
    void setActionFilter(const QString &text, bool regularExpression);
    QString actionFilterText() const;
    bool isActionFilterRegularExpression() const;
    bool isActionFilterValid() const;
    //! "reason at position N" for an invalid expression, else empty.
    QString actionFilterError() const;

    //! nullopt = all directions.
    void setDirectionFilter(std::optional<TrafficRecord::Direction> direction);
    std::optional<TrafficRecord::Direction> directionFilter() const;

    //! Empty = all statuses.
    void setStatusFilter(const QList<TrafficRecord::Status> &statuses);
    QList<TrafficRecord::Status> statusFilter() const;

    //! Searches the bodies as compact JSON; applied at once (the UI debounces typing, ~300 ms).
    void setBodySearch(const QString &text);
    QString bodySearch() const;

    int shownCount() const;
    int totalCount() const;

Q_SIGNALS:
    void countsChanged(int shown, int total);
    void actionFilterValidChanged(bool valid);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool actionMatches(const QString &action) const;
    void updateCounts();

    TrafficLogModel *m_log = nullptr;
    QString m_actionText;
    bool m_actionIsRegex = false;
    QRegularExpression m_actionRegex;
    bool m_actionValid = true;
    QString m_actionError;
    std::optional<TrafficRecord::Direction> m_direction;
    quint32 m_statusMask = 0; // bit per TrafficRecord::Status; 0 = all
    QString m_bodySearch;
    int m_lastShown = -1;
    int m_lastTotal = -1;
    QList<QMetaObject::Connection> m_sourceConnections;
};

#endif // TRAFFICFILTERMODEL_H
