#include "trafficlogmodel.h"

#include "jsontreemodel.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtGui/QBrush>
#include <QtGui/QColor>
#include <QtGui/QFont>
#include <QtGui/QGuiApplication>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtGui/QPen>
#include <QtGui/QPixmap>
#include <QtGui/QPolygonF>

#include <algorithm>
#include <functional>

namespace {
constexpr int kMaxInternedPeers = 4096;
constexpr int kMaxSeenActions = 10000;

TrafficRecord::Direction opposite(TrafficRecord::Direction direction)
{
    return direction == TrafficRecord::Incoming ? TrafficRecord::Outgoing : TrafficRecord::Incoming;
}

TrafficRecord::Status replyStatus(const DrsCommand &reply)
{
    const QString action = reply.action();
    if (action == DrsCommand::errorAction())
        return TrafficRecord::ErrorReply;
    if (action == DrsCommand::exceptionAction())
        return TrafficRecord::ExceptionReply;
    return TrafficRecord::Response;
}

QString formatLatency(qint64 us, const QLocale &locale = QLocale())
{
    if (us < 1000)
        return TrafficLogModel::tr("%1 µs").arg(us);
    if (us < 1000000)
        return TrafficLogModel::tr("%1 ms").arg(locale.toString(double(us) / 1000.0, 'f', 2));
    return TrafficLogModel::tr("%1 s").arg(locale.toString(double(us) / 1e6, 'f', 3));
}

QColor statusColor(TrafficRecord::Status status)
{
    switch (status) {
    case TrafficRecord::Fired:
        return QColor(0x60, 0x70, 0x80);
    case TrafficRecord::Pending:
        return QColor(0x1f, 0x6f, 0xc4);
    case TrafficRecord::Answered:
    case TrafficRecord::Response:
        return QColor(0x1d, 0x8a, 0x3c);
    case TrafficRecord::Failed:
    case TrafficRecord::ErrorReply:
        return QColor(0xc6, 0x28, 0x28);
    case TrafficRecord::ExceptionReply:
        return QColor(0xd8, 0x6a, 0x00);
    case TrafficRecord::TimedOut:
        return QColor(0xb0, 0x8a, 0x00);
    case TrafficRecord::Malformed:
        return QColor(0x9c, 0x10, 0x60);
    }
    return QColor();
}

// Rows worth attention get a light background (with dark text, so dark themes stay readable).
QColor statusBackground(TrafficRecord::Status status)
{
    switch (status) {
    case TrafficRecord::Failed:
    case TrafficRecord::ErrorReply:
        return QColor(0xfd, 0xe4, 0xe4);
    case TrafficRecord::ExceptionReply:
        return QColor(0xfd, 0xeb, 0xd6);
    case TrafficRecord::TimedOut:
        return QColor(0xfb, 0xf3, 0xc8);
    case TrafficRecord::Malformed:
        return QColor(0xf6, 0xd5, 0xe6);
    default:
        return QColor();
    }
}

QIcon paintedIcon(const std::function<void(QPainter &)> &paint)
{
    QIcon icon;
    for (const int side : { 16, 32 }) {
        QPixmap pixmap(side, side);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(side / 16.0, side / 16.0);
        paint(painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

bool canPaint()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}
} // namespace

TrafficLogModel::TrafficLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_clock.start();
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(BatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &TrafficLogModel::flush);
}

TrafficLogModel::~TrafficLogModel() = default;

int TrafficLogModel::capacity() const
{
    return m_capacity;
}

void TrafficLogModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (rows == m_capacity)
        return;
    flush();
    if (m_count > rows) {
        const int evict = m_count - rows;
        int delta = 0;
        beginRemoveRows(QModelIndex(), 0, evict - 1);
        for (int row = 0; row < evict; ++row) {
            forget(slot(row), m_pending, &delta);
            slot(row) = TrafficRecord();
        }
        m_head = (m_head + size_t(evict)) % m_ring.size();
        m_count -= evict;
        m_pendingCount += delta;
        m_capacity = rows;
        linearize();
        endRemoveRows();
        emitPendingCount();
    } else {
        m_capacity = rows;
        linearize();
    }
}

quint64 TrafficLogModel::append(TrafficRecord::Direction direction, const QString &peer,
                                const DrsCommand &command, qint64 timeMs)
{
    if (timeMs < 0)
        timeMs = QDateTime::currentMSecsSinceEpoch();
    return appendInternal(direction, peer, command, timeMs, m_clock.nsecsElapsed());
}

void TrafficLogModel::appendRecords(const QList<TrafficRecord> &records)
{
    for (const TrafficRecord &record : records) {
        appendInternal(record.direction, record.peer, record.command, record.timeMs,
                       record.timeMs * 1000000);
    }
}

quint64 TrafficLogModel::appendInternal(TrafficRecord::Direction direction, const QString &peer,
                                        const DrsCommand &command, qint64 timeMs, qint64 clockNs)
{
    TrafficRecord record;
    record.id = m_nextId++;
    record.timeMs = timeMs;
    record.direction = direction;
    record.peer = internPeer(peer);
    record.command = command;
    record.size = command.toJson().size();

    int delta = 0;
    TrafficRecord *request = classify(record, clockNs, m_pending, &delta,
                                      [this](quint64 id) { return recordById(id); });
    m_pendingCount += delta;
    if (request)
        markChanged(request->id);
    if (!command.isReply())
        noteAction(command.action());

    m_queue.push_back(std::move(record));
    ++m_totalAppended;
    scheduleBatch();
    return m_queue.back().id;
}

template<typename Lookup>
TrafficRecord *TrafficLogModel::classify(TrafficRecord &record, qint64 clockNs, PendingMap *pending,
                                         int *pendingDelta, Lookup lookup)
{
    const DrsCommand &command = record.command;
    if (!command.isReply()) {
        if (!command.hasKey()) {
            record.status = TrafficRecord::Fired;
            return nullptr;
        }
        record.status = TrafficRecord::Pending;
        ++*pendingDelta;
        // A key used again before its reply: the reply will answer the newer request.
        pending[record.direction].insert(PairKey { record.peer, command.key() },
                                         PendingRequest { record.id, clockNs });
        return nullptr;
    }

    record.status = replyStatus(command);
    TrafficRecord *request = nullptr;
    if (command.hasKey()) {
        PendingMap &map = pending[opposite(record.direction)];
        const auto it = map.find(PairKey { record.peer, command.key() });
        if (it != map.end()) {
            request = lookup(it->id);
            if (request) {
                const qint64 latencyUs = std::max<qint64>(0, (clockNs - it->clockNs) / 1000);
                record.pairedId = request->id;
                record.latencyUs = latencyUs;
                request->pairedId = record.id;
                request->latencyUs = latencyUs;
                if (request->status == TrafficRecord::Pending) {
                    request->status = record.status == TrafficRecord::Response
                            ? TrafficRecord::Answered
                            : TrafficRecord::Failed;
                    --*pendingDelta;
                }
            }
            map.erase(it);
        }
    }
    if (!request && record.status == TrafficRecord::ErrorReply)
        record.status = TrafficRecord::Malformed;
    return request;
}

// A record leaves the model: its request, if still awaiting a reply, can no longer be paired.
void TrafficLogModel::forget(const TrafficRecord &record, PendingMap *pending, int *pendingDelta)
{
    if (record.pairedId != 0 || !record.isRequest())
        return;
    if (record.status == TrafficRecord::Pending)
        --*pendingDelta;
    PendingMap &map = pending[record.direction];
    const auto it = map.find(PairKey { record.peer, record.command.key() });
    if (it != map.end() && it->id == record.id)
        map.erase(it);
}

void TrafficLogModel::pairRecords(QList<TrafficRecord> &records)
{
    QHash<quint64, qsizetype> indexOfId;
    indexOfId.reserve(records.size());
    PendingMap pending[2];
    int delta = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        TrafficRecord &record = records[i];
        record.pairedId = 0;
        record.latencyUs = -1;
        indexOfId.insert(record.id, i);
        classify(record, record.timeMs * 1000000, pending, &delta,
                 [&records, &indexOfId](quint64 id) -> TrafficRecord * {
                     const auto it = indexOfId.constFind(id);
                     return it == indexOfId.cend() ? nullptr : &records[*it];
                 });
    }
}

void TrafficLogModel::markTimedOut(const QString &peer, const QString &key)
{
    const auto it = m_pending[TrafficRecord::Outgoing].constFind(PairKey { peer, key });
    if (it == m_pending[TrafficRecord::Outgoing].cend())
        return;
    TrafficRecord *request = recordById(it->id);
    if (!request || request->status != TrafficRecord::Pending)
        return;
    // The entry stays in the pending map so that a late reply is still paired.
    request->status = TrafficRecord::TimedOut;
    --m_pendingCount;
    markChanged(request->id);
    scheduleBatch();
}

void TrafficLogModel::flush()
{
    m_batchTimer.stop();
    int inserted = 0;
    if (!m_queue.empty()) {
        const size_t queued = m_queue.size();
        const size_t capacity = size_t(m_capacity);
        // More queued than the ring holds: the oldest never become rows.
        const size_t skip = queued > capacity ? queued - capacity : 0;
        int delta = 0;
        for (size_t i = 0; i < skip; ++i)
            forget(m_queue[i], m_pending, &delta);
        const int toInsert = int(queued - skip);
        const int evict = std::max(0, m_count + toInsert - m_capacity);
        if (evict > 0) {
            beginRemoveRows(QModelIndex(), 0, evict - 1);
            for (int row = 0; row < evict; ++row) {
                forget(slot(row), m_pending, &delta);
                slot(row) = TrafficRecord();
            }
            m_head = (m_head + size_t(evict)) % m_ring.size();
            m_count -= evict;
            endRemoveRows();
        }
        m_pendingCount += delta;

        ensureRingSize(size_t(m_count) + size_t(toInsert));
        beginInsertRows(QModelIndex(), m_count, m_count + toInsert - 1);
        const size_t ringSize = m_ring.size();
        for (int i = 0; i < toInsert; ++i)
            m_ring[(m_head + size_t(m_count) + size_t(i)) % ringSize]
                    = std::move(m_queue[skip + size_t(i)]);
        m_count += toInsert;
        // Not clear(): a slot connected to the removal may have appended more.
        m_queue.erase(m_queue.begin(), m_queue.begin() + qsizetype(queued));
        endInsertRows();
        inserted = toInsert;
        if (!m_queue.empty())
            scheduleBatch();
    }
    emitDataChanged();
    if (inserted > 0)
        Q_EMIT rowsBatched(inserted);
    if (m_actionsChanged) {
        m_actionsChanged = false;
        Q_EMIT seenActionsChanged();
    }
    emitPendingCount();
}

void TrafficLogModel::clear()
{
    m_batchTimer.stop();
    beginResetModel();
    m_ring = std::vector<TrafficRecord>();
    m_queue = std::vector<TrafficRecord>();
    m_head = 0;
    m_count = 0;
    m_changedIds.clear();
    m_pending[0].clear();
    m_pending[1].clear();
    m_pendingCount = 0;
    endResetModel();
    emitPendingCount();
}

int TrafficLogModel::rowOfId(quint64 id) const
{
    // Rows hold contiguous ids: evictions take the oldest, insertions add the next ones.
    if (m_count == 0 || id == 0)
        return -1;
    const quint64 first = slot(0).id;
    if (id < first || id - first >= quint64(m_count))
        return -1;
    return int(id - first);
}

TrafficRecord TrafficLogModel::record(int row) const
{
    if (row < 0 || row >= m_count)
        return TrafficRecord();
    return slot(row);
}

QList<TrafficRecord> TrafficLogModel::records() const
{
    // Exporting must see what was appended, even if the batch timer has not fired yet.
    const_cast<TrafficLogModel *>(this)->flush();
    QList<TrafficRecord> result;
    result.reserve(m_count);
    for (int row = 0; row < m_count; ++row)
        result.append(slot(row));
    return result;
}

QStringList TrafficLogModel::seenActions() const
{
    return m_actions;
}

qint64 TrafficLogModel::totalAppended() const
{
    return m_totalAppended;
}

int TrafficLogModel::pendingCount() const
{
    return m_pendingCount;
}

TrafficRecord *TrafficLogModel::recordById(quint64 id)
{
    if (!m_queue.empty() && id >= m_queue.front().id) {
        const quint64 index = id - m_queue.front().id;
        return index < m_queue.size() ? &m_queue[index] : nullptr;
    }
    const int row = rowOfId(id);
    return row < 0 ? nullptr : &slot(row);
}

// Moves the rows to the front of a vector no bigger than needed, so that the ring can grow.
void TrafficLogModel::linearize()
{
    std::vector<TrafficRecord> rows;
    rows.reserve(size_t(m_count));
    for (int row = 0; row < m_count; ++row)
        rows.push_back(std::move(slot(row)));
    m_ring = std::move(rows);
    m_head = 0;
}

void TrafficLogModel::ensureRingSize(size_t rows)
{
    if (m_ring.size() >= rows)
        return;
    if (m_head != 0)
        linearize();
    // Grow geometrically up to the capacity; slots are reused from then on.
    const size_t target = std::min(size_t(m_capacity), std::max(rows, m_ring.size() * 2));
    m_ring.resize(std::max(target, rows));
}

void TrafficLogModel::markChanged(quint64 id)
{
    // Queued records change silently: they are not rows yet.
    if (rowOfId(id) >= 0)
        m_changedIds.push_back(id);
}

void TrafficLogModel::scheduleBatch()
{
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

QString TrafficLogModel::internPeer(const QString &peer)
{
    const auto it = m_peers.constFind(peer);
    if (it != m_peers.cend())
        return *it;
    if (m_peers.size() < kMaxInternedPeers)
        m_peers.insert(peer);
    return peer;
}

void TrafficLogModel::noteAction(const QString &action)
{
    if (m_actionSet.size() >= kMaxSeenActions || m_actionSet.contains(action))
        return;
    m_actionSet.insert(action);
    m_actions.insert(std::lower_bound(m_actions.begin(), m_actions.end(), action), action);
    m_actionsChanged = true;
}

void TrafficLogModel::emitDataChanged()
{
    if (m_changedIds.empty())
        return;
    std::vector<int> rows;
    rows.reserve(m_changedIds.size());
    for (const quint64 id : m_changedIds) {
        const int row = rowOfId(id);
        if (row >= 0)
            rows.push_back(row);
    }
    m_changedIds.clear();
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // One signal per run of adjacent rows: proxies re-filter exactly the rows that changed.
    size_t i = 0;
    while (i < rows.size()) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], 0), index(rows[j], ColumnCount - 1));
        i = j + 1;
    }
}

void TrafficLogModel::emitPendingCount()
{
    if (m_pendingCount == m_emittedPendingCount)
        return;
    m_emittedPendingCount = m_pendingCount;
    Q_EMIT pendingCountChanged(m_pendingCount);
}

QString TrafficLogModel::directionText(TrafficRecord::Direction direction)
{
    return direction == TrafficRecord::Incoming ? tr("In") : tr("Out");
}

QString TrafficLogModel::statusText(TrafficRecord::Status status)
{
    switch (status) {
    case TrafficRecord::Fired:
        return tr("Fired");
    case TrafficRecord::Pending:
        return tr("Pending");
    case TrafficRecord::Answered:
        return tr("Answered");
    case TrafficRecord::Failed:
        return tr("Failed");
    case TrafficRecord::TimedOut:
        return tr("Timed out");
    case TrafficRecord::Response:
        return tr("Response");
    case TrafficRecord::ErrorReply:
        return tr("Error");
    case TrafficRecord::ExceptionReply:
        return tr("Exception");
    case TrafficRecord::Malformed:
        return tr("Malformed");
    }
    return QString();
}

int TrafficLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int TrafficLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const TrafficRecord &record = slot(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(record, column);
    case Qt::ToolTipRole:
        return toolTip(record, column);
    case Qt::DecorationRole:
        if (column == StatusColumn)
            return statusIcon(record.status);
        if (column == DirectionColumn)
            return directionIcon(record.direction);
        return QVariant();
    case Qt::ForegroundRole: {
        if (column == StatusColumn || statusBackground(record.status).isValid())
            return QBrush(statusColor(record.status).darker(130));
        return QVariant();
    }
    case Qt::BackgroundRole: {
        const QColor background = statusBackground(record.status);
        return background.isValid() ? QVariant(QBrush(background)) : QVariant();
    }
    case Qt::TextAlignmentRole:
        if (column == SizeColumn || column == LatencyColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case RecordIdRole:
        return QVariant::fromValue(record.id);
    case CommandRole:
        return QVariant::fromValue(record.command);
    case DirectionRole:
        return int(record.direction);
    case StatusRole:
        return int(record.status);
    case PairedIdRole:
        return QVariant::fromValue(record.pairedId);
    case BodyTextRole:
        return JsonTreeModel::toCompactJson(record.command.body());
    case TimeMsRole:
        return record.timeMs;
    case LatencyUsRole:
        return record.latencyUs;
    case SortRole:
        return sortValue(record, column);
    default:
        return QVariant();
    }
}

QString TrafficLogModel::displayText(const TrafficRecord &record, int column) const
{
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(record.timeMs)
                .toString(QStringLiteral("hh:mm:ss.zzz"));
    case DirectionColumn:
        return directionText(record.direction);
    case PeerColumn:
        return record.peer;
    case ActionColumn:
        return record.command.action();
    case KeyColumn:
        return record.command.key();
    case SizeColumn:
        return m_locale.toString(record.size);
    case StatusColumn:
        return statusText(record.status);
    case LatencyColumn:
        return record.latencyUs >= 0 ? formatLatency(record.latencyUs, m_locale) : QString();
    default:
        return QString();
    }
}

QString TrafficLogModel::toolTip(const TrafficRecord &record, int column) const
{
    if (column == TimeColumn)
        return QDateTime::fromMSecsSinceEpoch(record.timeMs).toString(Qt::ISODateWithMs);
    QStringList lines;
    lines << (record.direction == TrafficRecord::Incoming
                      ? tr("%1 from %2").arg(record.command.action(), record.peer)
                      : tr("%1 to %2").arg(record.command.action(), record.peer));
    if (record.command.hasKey())
        lines << tr("Key: %1").arg(record.command.key());
    lines << tr("Size: %1 bytes").arg(QLocale().toString(record.size));
    switch (record.status) {
    case TrafficRecord::Fired:
        lines << tr("Fired: no reply expected");
        break;
    case TrafficRecord::Pending:
        lines << tr("Waiting for the reply");
        break;
    case TrafficRecord::Answered:
        lines << tr("Answered after %1").arg(formatLatency(record.latencyUs));
        break;
    case TrafficRecord::Failed:
        lines << tr("Failed after %1").arg(formatLatency(record.latencyUs));
        break;
    case TrafficRecord::TimedOut:
        lines << (record.pairedId ? tr("Timed out; the reply came after %1")
                                            .arg(formatLatency(record.latencyUs))
                                  : tr("Timed out waiting for the reply"));
        break;
    case TrafficRecord::Response:
    case TrafficRecord::ErrorReply:
    case TrafficRecord::ExceptionReply:
        if (record.status != TrafficRecord::Response)
            lines << tr("Error: %1").arg(record.command.errorMessage());
        lines << (record.pairedId ? tr("Reply after %1").arg(formatLatency(record.latencyUs))
                                  : tr("Reply to no known request"));
        break;
    case TrafficRecord::Malformed:
        lines << tr("Error answering no known request: %1").arg(record.command.errorMessage());
        break;
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant TrafficLogModel::sortValue(const TrafficRecord &record, int column) const
{
    switch (column) {
    case TimeColumn:
        return QVariant::fromValue(record.id); // ids follow arrival order, unlike clocks
    case DirectionColumn:
        return int(record.direction);
    case SizeColumn:
        return record.size;
    case StatusColumn:
        return int(record.status);
    case LatencyColumn:
        return record.latencyUs;
    default:
        return displayText(record, column);
    }
}

QIcon TrafficLogModel::statusIcon(TrafficRecord::Status status) const
{
    QIcon &icon = m_statusIcons[size_t(status)];
    if (!icon.isNull() || !canPaint())
        return icon;
    const QColor color = statusColor(status);
    icon = paintedIcon([status, color](QPainter &p) {
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        QPen mark(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        switch (status) {
        case TrafficRecord::Fired: // an arrow: sent, nothing owed
            p.setPen(QPen(color, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawLine(QPointF(3, 8), QPointF(12, 8));
            p.drawLine(QPointF(9, 5), QPointF(12, 8));
            p.drawLine(QPointF(9, 11), QPointF(12, 8));
            break;
        case TrafficRecord::Pending: // a ring: open
            p.setPen(QPen(color, 2.0));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QRectF(3, 3, 10, 10));
            break;
        case TrafficRecord::Answered:
        case TrafficRecord::Response: // a check mark
            p.drawEllipse(QRectF(1, 1, 14, 14));
            p.setPen(mark);
            p.drawPolyline(QPolygonF({ QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5) }));
            break;
        case TrafficRecord::Failed:
        case TrafficRecord::ErrorReply:
        case TrafficRecord::ExceptionReply: // a cross
            p.drawEllipse(QRectF(1, 1, 14, 14));
            p.setPen(mark);
            p.drawLine(QPointF(5, 5), QPointF(11, 11));
            p.drawLine(QPointF(11, 5), QPointF(5, 11));
            break;
        case TrafficRecord::TimedOut: // a clock
            p.drawEllipse(QRectF(1, 1, 14, 14));
            p.setPen(mark);
            p.drawPolyline(QPolygonF({ QPointF(8, 4), QPointF(8, 8), QPointF(11, 10) }));
            break;
        case TrafficRecord::Malformed: { // a warning triangle
            QPainterPath triangle;
            triangle.moveTo(8, 1);
            triangle.lineTo(15, 14.5);
            triangle.lineTo(1, 14.5);
            triangle.closeSubpath();
            p.drawPath(triangle);
            p.setPen(mark);
            p.drawLine(QPointF(8, 5.5), QPointF(8, 9.5));
            p.drawPoint(QPointF(8, 12));
            break;
        }
        }
    });
    return icon;
}

QIcon TrafficLogModel::directionIcon(TrafficRecord::Direction direction) const
{
    QIcon &icon = m_directionIcons[size_t(direction)];
    if (!icon.isNull() || !canPaint())
        return icon;
    const bool incoming = direction == TrafficRecord::Incoming;
    icon = paintedIcon([incoming](QPainter &p) {
        const QColor color = incoming ? QColor(0x2e, 0x7d, 0x32) : QColor(0x15, 0x65, 0xc0);
        p.setPen(QPen(color, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        // Incoming points left (towards us, in the log's reading), outgoing right.
        const qreal tip = incoming ? 3 : 13;
        const qreal back = incoming ? 7 : 9;
        p.drawLine(QPointF(3, 8), QPointF(13, 8));
        p.drawLine(QPointF(back, 4), QPointF(tip, 8));
        p.drawLine(QPointF(back, 12), QPointF(tip, 8));
    });
    return icon;
}

QVariant TrafficLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return tr("Time");
        case DirectionColumn:
            return tr("Dir");
        case PeerColumn:
            return tr("Peer");
        case ActionColumn:
            return tr("Action");
        case KeyColumn:
            return tr("Key");
        case SizeColumn:
            return tr("Size");
        case StatusColumn:
            return tr("Status");
        case LatencyColumn:
            return tr("Latency");
        default:
            return QVariant();
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeColumn:
            return tr("Local time the command was seen");
        case DirectionColumn:
            return tr("In: received from the peer; Out: sent to it");
        case SizeColumn:
            return tr("Bytes of the command as compact JSON");
        case LatencyColumn:
            return tr("Time between a request and its reply");
        default:
            return QVariant();
        }
    }
    return QVariant();
}

Qt::ItemFlags TrafficLogModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> TrafficLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RecordIdRole, "recordId");
    names.insert(CommandRole, "command");
    names.insert(DirectionRole, "direction");
    names.insert(StatusRole, "status");
    names.insert(PairedIdRole, "pairedId");
    names.insert(BodyTextRole, "bodyText");
    names.insert(TimeMsRole, "timeMs");
    names.insert(LatencyUsRole, "latencyUs");
    names.insert(SortRole, "sortValue");
    return names;
}
