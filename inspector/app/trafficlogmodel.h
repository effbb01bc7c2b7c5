// TrafficLogModel: the live traffic log of one inspector session, one row per command in or out,
// held in a bounded ring buffer and inserted in batches so that heavy traffic keeps the UI fluid.
#ifndef TRAFFICLOGMODEL_H
#define TRAFFICLOGMODEL_H

#include <drscommand.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QLocale>
#include <QtCore/QSet>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtGui/QIcon>

#include <array>
#include <vector>

/*!
    One command seen on the wire, as the log shows it. The command is implicitly shared with the
    connection that saw it, so a record costs little beyond the command itself.
*/
struct TrafficRecord {
    Q_GADGET
public:
    enum Direction { Incoming, Outgoing };
    Q_ENUM(Direction)
    /*!
        Fired: keyless command (no reply owed). Pending: keyed request awaiting its reply.
        Answered/Failed (drs.error or drs.exception came back)/TimedOut: the request's final state.
        Response/ErrorReply/ExceptionReply: the reply rows themselves. Malformed: a drs.error
        sent/received that answers no request we know (it explains bad input).
    */
    enum Status {
        Fired,
        Pending,
        Answered,
        Failed,
        TimedOut,
        Response,
        ErrorReply,
        ExceptionReply,
        Malformed
    };
    Q_ENUM(Status)

    quint64 id = 0; //!< sequence number, unique in the model's life
    qint64 timeMs = 0; //!< ms since epoch
    Direction direction = Incoming;
    //! "tcp://127.0.0.1:12000" (client mode) or the client's peerName() (listen mode)
    QString peer;
    DrsCommand command;
    qint64 size = 0; //!< bytes of the command as compact JSON (command.toJson().size())
    Status status = Fired;
    qint64 latencyUs = -1; //!< replies: since the paired request; requests: copied from their reply
    quint64 pairedId = 0; //!< request <-> reply, 0 if none

    //! A keyed command that is not a reply: a reply is owed to it.
    bool isRequest() const { return command.hasKey() && !command.isReply(); }
};
Q_DECLARE_TYPEINFO(TrafficRecord, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(TrafficRecord)

/*!
    The traffic log: a table of TrafficRecord rows, oldest first, at most capacity() of them (the
    oldest are evicted). append() queues a record and pairs a reply with its request at once (by
   peer and key, in either direction), so latencies are measured on a monotonic clock at the moment
   the command was seen; the queued records become rows in one insertion per frame (~16 ms).

    A request whose row was evicted before its reply came is forgotten: the reply is then shown
    unpaired (a drs.error that pairs with nothing is Malformed).
*/
class TrafficLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        DirectionColumn,
        PeerColumn,
        ActionColumn,
        KeyColumn,
        SizeColumn,
        StatusColumn,
        LatencyColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        RecordIdRole = Qt::UserRole + 1, //!< quint64
        CommandRole, //!< QVariant<DrsCommand>
        DirectionRole, //!< int(TrafficRecord::Direction)
        StatusRole, //!< int(TrafficRecord::Status)
        PairedIdRole, //!< quint64, 0 if none
        BodyTextRole, //!< compact JSON of the body, made on demand
        TimeMsRole, //!< qint64
        LatencyUsRole, //!< qint64, -1 if none
        SortRole //!< per column, a value that sorts right (numbers for time, size and latency)
    };
    Q_ENUM(Role)

    static constexpr int DefaultCapacity = 100000;
    static constexpr int BatchIntervalMs = 16;

    explicit TrafficLogModel(QObject *parent = nullptr);
    ~TrafficLogModel() override;

    int capacity() const;
    //! Ring buffer size in rows (at least 1, default 100000); shrinking evicts the oldest rows.
    void setCapacity(int rows);

    /*!
        Queues a command seen on the wire and returns its record id; the row appears with the next
        batch (one beginInsertRows per frame). \a timeMs is the wall-clock time shown in the log
        (now when -1); latencies use a monotonic clock read here.
    */
    quint64 append(TrafficRecord::Direction direction, const QString &peer,
                   const DrsCommand &command, qint64 timeMs = -1);
    /*!
        Queues records read back from a session file, in order: they are classified and paired
        again, and get new ids; their latencies come from their wall-clock times (ms resolution).
    */
    void appendRecords(const QList<TrafficRecord> &records);
    //! A call we made to \a peer under \a key timed out: its row becomes TimedOut. A reply that
    //! still comes later is paired with it.
    void markTimedOut(const QString &peer, const QString &key);
    //! Inserts what is queued now (tests, export); also emits pending dataChanged().
    void flush();
    //! Removes every row and every queued record; ids keep counting.
    void clear();

    //! The row of record \a id, -1 if evicted, unknown, or still queued.
    int rowOfId(quint64 id) const;
    TrafficRecord record(int row) const;
    //! All rows, oldest first; flushes the queue first.
    QList<TrafficRecord> records() const;
    //! Distinct actions seen, sorted, replies excluded: for completion.
    QStringList seenActions() const;
    //! Commands appended over the model's life, evicted and cleared ones included.
    qint64 totalAppended() const;
    //! Requests (in either direction) still waiting for their reply, queued ones included.
    int pendingCount() const;

    /*!
        Classifies \a records in order and pairs replies with their requests exactly as the model
        does, with latencies from timeMs. Ids must be unique.
    */
    static void pairRecords(QList<TrafficRecord> &records);

    static QString directionText(TrafficRecord::Direction direction);
    static QString statusText(TrafficRecord::Status status);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    //! After each batch insertion: \a count rows were added at the end.
    void rowsBatched(int count);
    void seenActionsChanged();
    void pendingCountChanged(int count);

private:
    struct PairKey {
        QString peer;
        QString key;
        friend bool operator==(const PairKey &a, const PairKey &b)
        {
            return a.key == b.key && a.peer == b.peer;
        }
        friend size_t qHash(const PairKey &k, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, k.peer, k.key);
        }
    };
    struct PendingRequest {
        quint64 id;
        qint64 clockNs;
    };
    // Requests awaiting their reply, by the direction the request went.
    using PendingMap = QHash<PairKey, PendingRequest>;

    // The pairing rules, shared by the live model and pairRecords(); lookup(id) finds a record.
    template<typename Lookup>
    static TrafficRecord *classify(TrafficRecord &record, qint64 clockNs, PendingMap *pending,
                                   int *pendingDelta, Lookup lookup);
    static void forget(const TrafficRecord &record, PendingMap *pending, int *pendingDelta);

    quint64 appendInternal(TrafficRecord::Direction direction, const QString &peer,
                           const DrsCommand &command, qint64 timeMs, qint64 clockNs);
    TrafficRecord *recordById(quint64 id);
    TrafficRecord &slot(int row) { return m_ring[(m_head + size_t(row)) % m_ring.size()]; }
    const TrafficRecord &slot(int row) const
    {
        return m_ring[(m_head + size_t(row)) % m_ring.size()];
    }
    void linearize();
    void ensureRingSize(size_t rows);
    void markChanged(quint64 id);
    void scheduleBatch();
    QString internPeer(const QString &peer);
    void noteAction(const QString &action);
    void emitDataChanged();
    void emitPendingCount();

    QString displayText(const TrafficRecord &record, int column) const;
    QString toolTip(const TrafficRecord &record, int column) const;
    QVariant sortValue(const TrafficRecord &record, int column) const;
    QIcon statusIcon(TrafficRecord::Status status) const;
    QIcon directionIcon(TrafficRecord::Direction direction) const;

    std::vector<TrafficRecord> m_ring; // rows: m_ring[(m_head + row) % m_ring.size()]
    size_t m_head = 0;
    int m_count = 0;
    int m_capacity = DefaultCapacity;
    std::vector<TrafficRecord> m_queue; // appended, not yet rows; ids contiguous after the rows
    std::vector<quint64> m_changedIds; // rows whose pairing changed since the last batch
    PendingMap m_pending[2];
    int m_pendingCount = 0;
    int m_emittedPendingCount = 0;
    quint64 m_nextId = 1;
    qint64 m_totalAppended = 0;
    QSet<QString> m_peers; // interned so that rows share one copy of each peer name
    QSet<QString> m_actionSet;
    QStringList m_actions;
    bool m_actionsChanged = false;
    QElapsedTimer m_clock;
    QTimer m_batchTimer;
    QLocale m_locale; // the default when the model was made: views ask for numbers often
    mutable std::array<QIcon, 9> m_statusIcons;
    mutable std::array<QIcon, 2> m_directionIcons;
};

#endif // TRAFFICLOGMODEL_H
