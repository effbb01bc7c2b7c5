#include "drshandler.h"
#include "drsconnection.h"
#include "drsconnection_p.h"
#include "drshandler_p.h"
#include "drsmetaconvert_p.h"
#include "drssignalbridge_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QMetaMethod>
#include <QtCore/QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcDrsHandler, "qtdrs.handler", QtInfoMsg)

// ---- DrsError ----

DrsError::DrsError(const QString &message)
    : m_message(message)
    , m_what(message.toUtf8())
{
}

// ---- DrsRequest ----

DrsRequest::DrsRequest(std::shared_ptr<DrsRequestPrivate> d)
    : d(std::move(d))
{
}

DrsCommand DrsRequest::command() const
{
    return d->command;
}
DrsConnection *DrsRequest::connection() const
{
    return d->connection.data();
}
QVariantMap &DrsRequest::context()
{
    return d->context;
}
bool DrsRequest::isAnswered() const
{
    return d->finished || d->stepDone;
}

void DrsRequest::respond(const QJsonValue &result)
{
    if (isAnswered()) {
        qCWarning(lcDrsHandler, "%s: answered twice; the second answer is ignored",
                  qPrintable(d->command.action()));
        return;
    }
    d->stepAnswered(result);
}

void DrsRequest::error(const QString &message)
{
    if (isAnswered()) {
        qCWarning(lcDrsHandler, "%s: answered twice; the second answer is ignored",
                  qPrintable(d->command.action()));
        return;
    }
    qCInfo(lcDrsHandler, "%s refused: %s", qPrintable(d->command.action()), qPrintable(message));
    d->finish(DrsCommand::errorAction(), QJsonObject { { QStringLiteral("message"), message } });
}

void DrsRequest::exception(const QString &message)
{
    if (isAnswered()) {
        qCWarning(lcDrsHandler, "%s: answered twice; the second answer is ignored",
                  qPrintable(d->command.action()));
        return;
    }
    qCWarning(lcDrsHandler, "%s failed: %s", qPrintable(d->command.action()), qPrintable(message));
    d->finish(DrsCommand::exceptionAction(),
              QJsonObject { { QStringLiteral("message"), message } });
}

// ---- the chain ----

DrsRequestPrivate::DrsRequestPrivate(DrsConnection *connection, const DrsCommand &command,
                                     QList<DrsHandlerEntry> chain)
    : connection(connection)
    , command(command)
    , chain(std::move(chain))
{
}

DrsRequestPrivate::~DrsRequestPrivate()
{
    if (!finished) {
        const QString message = QStringLiteral("the handler of %1 finished without answering")
                                        .arg(command.action());
        qCWarning(lcDrsHandler, "%s", qPrintable(message));
        finish(DrsCommand::exceptionAction(),
               QJsonObject { { QStringLiteral("message"), message } });
    }
}

void DrsRequestPrivate::start(DrsConnection *connection, const DrsCommand &command,
                              QList<DrsHandlerEntry> chain)
{
    auto request = std::make_shared<DrsRequestPrivate>(connection, command, std::move(chain));
    request->runChain();
}

void DrsRequestPrivate::runChain()
{
    running = true;
    while (!finished && next < chain.size()) {
        const DrsHandlerEntry &entry = chain.at(next++);
        if (!entry.isAlive())
            continue;
        stepDone = false;
        DrsRequest request(shared_from_this());
        try {
            if (entry.asyncHandler) {
                entry.asyncHandler(request);
                if (!stepDone && !finished) {
                    running = false; // resumed by stepAnswered() when it answers
                    return;
                }
            } else {
                QJsonValue result = entry.handler(request);
                if (!stepDone && !finished) {
                    lastResult = result;
                    stepDone = true;
                }
            }
        } catch (const DrsError &e) {
            if (!finished)
                request.error(e.message());
        } catch (const std::exception &e) {
            if (!finished)
                request.exception(QString::fromUtf8(e.what()));
        } catch (...) {
            if (!finished)
                request.exception(QStringLiteral("unknown exception"));
        }
    }
    running = false;
    if (!finished)
        finish(DrsCommand::responseAction(), lastResult);
}

void DrsRequestPrivate::stepAnswered(const QJsonValue &result)
{
    lastResult = result;
    stepDone = true;
    if (!running)
        runChain(); // an asynchronous handler answered later: go on with the chain
}

void DrsRequestPrivate::finish(const QString &replyAction, const QJsonValue &body)
{
    if (finished)
        return;
    finished = true;
    if (!command.hasKey())
        return; // a keyless fire gets no reply
    if (!connection) {
        // An asynchronous handler answered after its client had gone: nothing to send it to.
        qCInfo(lcDrsHandler, "%s: answer dropped: its connection is gone",
               qPrintable(command.action()));
        return;
    }
    connection->d_func()->sendReply(command, replyAction, body);
}

// ---- DrsHandlerRegistry ----

DrsHandlerRegistry::HandlerId DrsHandlerRegistryPrivate::add(const QString &action,
                                                             DrsHandlerEntry entry)
{
    entry.id = nextId++;
    if (action.endsWith(QLatin1Char('*')))
        wildcardsDirty = true;
    entries[action].append(std::move(entry));
    return entries[action].constLast().id;
}

QList<DrsHandlerEntry> DrsHandlerRegistryPrivate::chain(const QString &action)
{
    auto it = entries.find(action);
    if (it == entries.end())
        return {};
    it->removeIf([](const DrsHandlerEntry &entry) { return !entry.isAlive(); });
    if (it->isEmpty()) {
        entries.erase(it);
        wildcardsDirty = true;
        return {};
    }
    return *it;
}

QList<DrsHandlerEntry> DrsHandlerRegistryPrivate::wildcardChain(const QString &action)
{
    if (wildcardsDirty) {
        wildcards.clear();
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            if (it.key().endsWith(QLatin1Char('*')))
                wildcards.append(it.key());
        }
        std::sort(wildcards.begin(), wildcards.end(),
                  [](const QString &a, const QString &b) { return a.size() > b.size(); });
        wildcardsDirty = false;
    }
    for (const QString &pattern : std::as_const(wildcards)) {
        if (QStringView(action).startsWith(QStringView(pattern).chopped(1))) {
            QList<DrsHandlerEntry> found = chain(pattern);
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

DrsHandlerRegistry::DrsHandlerRegistry()
    : d_registry(new DrsHandlerRegistryPrivate)
{
}

DrsHandlerRegistry::~DrsHandlerRegistry() = default;

DrsHandlerRegistry::HandlerId DrsHandlerRegistry::addHandler(const QString &action,
                                                             QObject *context, Handler handler)
{
    DrsHandlerEntry entry;
    entry.handler = std::move(handler);
    entry.context = context;
    entry.hasContext = context != nullptr;
    return d_registry->add(action, std::move(entry));
}

DrsHandlerRegistry::HandlerId DrsHandlerRegistry::onAsync(const QString &action,
                                                          AsyncHandler handler)
{
    return onAsync(action, nullptr, std::move(handler));
}

DrsHandlerRegistry::HandlerId DrsHandlerRegistry::onAsync(const QString &action, QObject *context,
                                                          AsyncHandler handler)
{
    DrsHandlerEntry entry;
    entry.asyncHandler = std::move(handler);
    entry.context = context;
    entry.hasContext = context != nullptr;
    return d_registry->add(action, std::move(entry));
}

void DrsHandlerRegistry::off(const QString &action)
{
    d_registry->entries.remove(action);
}

void DrsHandlerRegistry::off(HandlerId id)
{
    for (auto it = d_registry->entries.begin(); it != d_registry->entries.end(); ++it) {
        if (it->removeIf([id](const DrsHandlerEntry &e) { return e.id == id; }) > 0) {
            if (it->isEmpty()) {
                d_registry->entries.erase(it);
                d_registry->wildcardsDirty = true;
            }
            return;
        }
    }
}

QStringList DrsHandlerRegistry::actions() const
{
    QStringList result;
    for (auto it = d_registry->entries.cbegin(); it != d_registry->entries.cend(); ++it) {
        if (std::any_of(it->cbegin(), it->cend(),
                        [](const DrsHandlerEntry &e) { return e.isAlive(); }))
            result.append(it.key());
    }
    result.sort();
    return result;
}

bool DrsHandlerRegistry::hasHandlers(const QString &action) const
{
    const auto it = d_registry->entries.constFind(action);
    return it != d_registry->entries.cend()
            && std::any_of(it->cbegin(), it->cend(),
                           [](const DrsHandlerEntry &e) { return e.isAlive(); });
}

// ---- QObject services ----

namespace {

DrsHandlerRegistry::Handler serviceHandler(QObject *service, const QMetaMethod &method,
                                           const QString &action)
{
    return [service, method, action](DrsRequest &request) -> QJsonValue {
        return QtDrsPrivate::invokeWithBody(service, method, action, request.body().toObject());
    };
}

} // namespace

bool DrsHandlerRegistry::registerService(QObject *service, const QString &prefix)
{
    if (!service) {
        qCWarning(lcDrsHandler, "registerService: the service is null");
        return false;
    }
    const QMetaObject *meta = service->metaObject();
    QList<QMetaMethod> methods;
    QSet<QByteArray> seen;
    for (int i = QObject::staticMetaObject.methodCount(); i < meta->methodCount(); ++i) {
        const QMetaMethod method = meta->method(i);
        if (method.methodType() != QMetaMethod::Method || method.access() != QMetaMethod::Public)
            continue;
        if (method.attributes() & QMetaMethod::Cloned)
            continue; // the shorter signatures moc adds for default arguments
        const QByteArray name = method.name();
        if (seen.contains(name)) {
            qCWarning(lcDrsHandler,
                      "registerService(%s): %s::%s is overloaded; a service method needs a "
                      "unique name",
                      qPrintable(prefix), meta->className(), name.constData());
            return false;
        }
        seen.insert(name);
        const QList<QByteArray> names = method.parameterNames();
        for (int p = 0; p < names.size(); ++p) {
            if (names.at(p).isEmpty()) {
                qCWarning(lcDrsHandler,
                          "registerService(%s): parameter %d of %s::%s has no name; arguments "
                          "are taken by name from the body",
                          qPrintable(prefix), p + 1, meta->className(),
                          method.methodSignature().constData());
                return false;
            }
        }
        methods.append(method);
    }
    for (const QMetaMethod &method : std::as_const(methods)) {
        const QString action = prefix + QLatin1Char('.') + QString::fromUtf8(method.name());
        DrsHandlerEntry entry;
        entry.handler = serviceHandler(service, method, action);
        entry.context = service;
        entry.hasContext = true;
        entry.service = service;
        d_registry->add(action, std::move(entry));
    }
    return true;
}

void DrsHandlerRegistry::unregisterService(QObject *service)
{
    for (auto it = d_registry->entries.begin(); it != d_registry->entries.end();) {
        it->removeIf([service](const DrsHandlerEntry &e) { return e.service == service; });
        if (it->isEmpty())
            it = d_registry->entries.erase(it);
        else
            ++it;
    }
    d_registry->wildcardsDirty = true;
}

// ---- subscribed objects ----

bool DrsHandlerRegistry::subscribe(QObject *object, const QString &prefix,
                                   const QStringList &members)
{
    QList<QtDrsPrivate::SubscriptionHandler> handlers;
    if (!QtDrsPrivate::subscriptionHandlers(object, prefix, members, &handlers))
        return false;
    for (QtDrsPrivate::SubscriptionHandler &handler : handlers) {
        DrsHandlerEntry entry;
        entry.handler = std::move(handler.handler);
        entry.context = object;
        entry.hasContext = true;
        entry.subscriber = object;
        d_registry->add(handler.action, std::move(entry));
    }
    return true;
}

void DrsHandlerRegistry::unsubscribe(QObject *object)
{
    for (auto it = d_registry->entries.begin(); it != d_registry->entries.end();) {
        it->removeIf([object](const DrsHandlerEntry &e) { return e.subscriber == object; });
        if (it->isEmpty())
            it = d_registry->entries.erase(it);
        else
            ++it;
    }
    d_registry->wildcardsDirty = true;
}
