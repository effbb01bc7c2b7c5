// Internals of handler chains.
#ifndef DRSHANDLER_P_H
#define DRSHANDLER_P_H

#include "drshandler.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDrsHandler)

struct DrsHandlerEntry {
    DrsHandlerRegistry::HandlerId id = 0;
    DrsHandlerRegistry::Handler handler;
    DrsHandlerRegistry::AsyncHandler asyncHandler;
    QPointer<QObject> context;
    bool hasContext = false;
    QObject *service = nullptr; // set for entries made by registerService()
    QObject *subscriber = nullptr; // set for entries made by subscribe()

    bool isAlive() const { return !hasContext || context; }
};

class DrsHandlerRegistryPrivate {
public:
    DrsHandlerRegistry::HandlerId add(const QString &action, DrsHandlerEntry entry);
    //! The live handlers of \a action, in order; prunes those whose context is gone.
    QList<DrsHandlerEntry> chain(const QString &action);
    //! The live handlers of the longest wildcard pattern ("prefix.*", "*") matching \a action.
    QList<DrsHandlerEntry> wildcardChain(const QString &action);

    QHash<QString, QList<DrsHandlerEntry>> entries;
    QStringList wildcards; // the patterns ending in '*', longest first
    bool wildcardsDirty = true;
    DrsHandlerRegistry::HandlerId nextId = 1;
};

class DrsConnectionPrivate;

/*!
    One command travelling along its handler chain. Shared by the DrsRequest handles; the last
    one gone answers drs.exception if nobody answered.
*/
class DrsRequestPrivate : public std::enable_shared_from_this<DrsRequestPrivate> {
public:
    DrsRequestPrivate(DrsConnection *connection, const DrsCommand &command,
                      QList<DrsHandlerEntry> chain);
    ~DrsRequestPrivate();

    static void start(DrsConnection *connection, const DrsCommand &command,
                      QList<DrsHandlerEntry> chain);

    void runChain();
    void stepAnswered(const QJsonValue &result);
    void finish(const QString &replyAction, const QJsonValue &body);

    QPointer<DrsConnection> connection;
    DrsCommand command;
    QVariantMap context;
    QList<DrsHandlerEntry> chain;
    qsizetype next = 0; // index of the next handler to run
    QJsonValue lastResult;
    bool stepDone = false; // the running handler has answered
    bool running = false; // inside runChain()
    bool finished = false; // the reply was sent (or, for a fire, the chain ended)
};

#endif // DRSHANDLER_P_H
