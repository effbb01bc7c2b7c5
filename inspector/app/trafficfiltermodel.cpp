#include "trafficfiltermodel.h"

#include "jsontreemodel.h"

TrafficFilterModel::TrafficFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TrafficLogModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    connect(this, &QAbstractItemModel::rowsInserted, this, &TrafficFilterModel::updateCounts);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &TrafficFilterModel::updateCounts);
    connect(this, &QAbstractItemModel::modelReset, this, &TrafficFilterModel::updateCounts);
    connect(this, &QAbstractItemModel::layoutChanged, this, &TrafficFilterModel::updateCounts);
}

TrafficFilterModel::~TrafficFilterModel() = default;

void TrafficFilterModel::setSourceModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_log = qobject_cast<TrafficLogModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
    if (model) {
        // Connected after the proxy's own handlers, so both counts are current here.
        m_sourceConnections << connect(model, &QAbstractItemModel::rowsInserted, this,
                                       &TrafficFilterModel::updateCounts)
                            << connect(model, &QAbstractItemModel::rowsRemoved, this,
                                       &TrafficFilterModel::updateCounts)
                            << connect(model, &QAbstractItemModel::modelReset, this,
                                       &TrafficFilterModel::updateCounts);
    }
    updateCounts();
}

void TrafficFilterModel::setActionFilter(const QString &text, bool regularExpression)
{
    const bool wasValid = m_actionValid;
    m_actionText = text;
    m_actionIsRegex = regularExpression;
    m_actionValid = true;
    m_actionError.clear();
    m_actionRegex = QRegularExpression();
    if (regularExpression && !text.isEmpty()) {
        m_actionRegex = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
        if (m_actionRegex.isValid()) {
            m_actionRegex.optimize();
        } else {
            m_actionValid = false;
            m_actionError = tr("%1 at position %2")
                                    .arg(m_actionRegex.errorString())
                                    .arg(m_actionRegex.patternErrorOffset());
        }
    }
    invalidateFilter();
    if (wasValid != m_actionValid)
        Q_EMIT actionFilterValidChanged(m_actionValid);
}

QString TrafficFilterModel::actionFilterText() const
{
    return m_actionText;
}

bool TrafficFilterModel::isActionFilterRegularExpression() const
{
    return m_actionIsRegex;
}

bool TrafficFilterModel::isActionFilterValid() const
{
    return m_actionValid;
}

QString TrafficFilterModel::actionFilterError() const
{
    return m_actionError;
}

void TrafficFilterModel::setDirectionFilter(std::optional<TrafficRecord::Direction> direction)
{
    if (m_direction == direction)
        return;
    m_direction = direction;
    invalidateFilter();
}

std::optional<TrafficRecord::Direction> TrafficFilterModel::directionFilter() const
{
    return m_direction;
}

void TrafficFilterModel::setStatusFilter(const QList<TrafficRecord::Status> &statuses)
{
    quint32 mask = 0;
    for (const TrafficRecord::Status status : statuses)
        mask |= 1u << int(status);
    if (mask == m_statusMask)
        return;
    m_statusMask = mask;
    invalidateFilter();
}

QList<TrafficRecord::Status> TrafficFilterModel::statusFilter() const
{
    QList<TrafficRecord::Status> statuses;
    for (int status = TrafficRecord::Fired; status <= TrafficRecord::Malformed; ++status) {
        if (m_statusMask & (1u << status))
            statuses.append(TrafficRecord::Status(status));
    }
    return statuses;
}

void TrafficFilterModel::setBodySearch(const QString &text)
{
    if (text == m_bodySearch)
        return;
    m_bodySearch = text;
    invalidateFilter();
}

QString TrafficFilterModel::bodySearch() const
{
    return m_bodySearch;
}

int TrafficFilterModel::shownCount() const
{
    return rowCount();
}

int TrafficFilterModel::totalCount() const
{
    return sourceModel() ? sourceModel()->rowCount() : 0;
}

bool TrafficFilterModel::actionMatches(const QString &action) const
{
    if (m_actionIsRegex)
        return m_actionRegex.match(action).hasMatch();
    return action.contains(m_actionText, Qt::CaseInsensitive);
}

bool TrafficFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_log)
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    if (!m_actionValid)
        return false;
    const TrafficRecord record = m_log->record(sourceRow);
    if (m_direction && record.direction != *m_direction)
        return false;
    if (m_statusMask && !(m_statusMask & (1u << int(record.status))))
        return false;
    if (!m_actionText.isEmpty() && !actionMatches(record.command.action())) {
        const int requestRow = record.command.isReply() ? m_log->rowOfId(record.pairedId) : -1;
        if (requestRow < 0 || !actionMatches(m_log->record(requestRow).command.action()))
            return false;
    }
    if (!m_bodySearch.isEmpty()
        && !JsonTreeModel::toCompactJson(record.command.body())
                    .contains(m_bodySearch, Qt::CaseInsensitive)) {
        return false;
    }
    return true;
}

void TrafficFilterModel::updateCounts()
{
    const int shown = shownCount();
    const int total = totalCount();
    if (shown == m_lastShown && total == m_lastTotal)
        return;
    m_lastShown = shown;
    m_lastTotal = total;
    Q_EMIT countsChanged(shown, total);
}
