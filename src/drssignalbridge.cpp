#include "drsconnection.h"
#include "drsmetaconvert_p.h"
#include "drssignalbridge_p.h"

#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaProperty>
#include <QtCore/QSet>
#include <QtCore/QThread>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcDrsSignals, "qtdrs.signals", QtInfoMsg)

using namespace QtDrsPrivate;

namespace {

/*
    The command an object is being made to apply, per thread. A signal that object emits
    meanwhile is the command's own effect: it is not sent back to the peer the command came from,
    so two objects kept in sync do not bounce each change back and forth.
*/
struct ApplyingScope {
    ApplyingScope(QObject *object, DrsConnection *origin)
        : object(object)
        , origin(origin)
        , outer(current)
    {
        current = this;
    }
    ~ApplyingScope() { current = outer; }
    Q_DISABLE_COPY(ApplyingScope)

    //! The peer whose command \a object is applying, or null.
    static DrsConnection *originFor(const QObject *object)
    {
        for (const ApplyingScope *scope = current; scope; scope = scope->outer) {
            if (scope->object == object)
                return scope->origin;
        }
        return nullptr;
    }

    QObject *object;
    DrsConnection *origin;
    ApplyingScope *outer;
    static thread_local ApplyingScope *current;
};

thread_local ApplyingScope *ApplyingScope::current = nullptr;

// The publisher has no methods of its own: the indices past QObject's stand for its signals.
int firstPublisherMethod()
{
    return QObject::staticMetaObject.methodCount();
}

bool matchesSignature(const QMetaMethod &method, const QString &name)
{
    if (name.contains(QLatin1Char('(')))
        return method.methodSignature() == QMetaObject::normalizedSignature(name.toUtf8());
    return method.name() == name.toUtf8();
}

} // namespace

// ---- publishing ----

DrsSignalPublisher::DrsSignalPublisher(DrsPublications *owner, QObject *object,
                                       const QString &prefix, const QList<QMetaMethod> &methods)
    : m_owner(owner)
    , m_object(object)
    , m_prefix(prefix)
{
    for (const QMetaMethod &method : methods) {
        PublishedSignal published;
        published.action = prefix + QLatin1Char('.') + QString::fromLatin1(method.name());
        const QList<QByteArray> names = method.parameterNames();
        for (int i = 0; i < method.parameterCount(); ++i) {
            published.names.append(QString::fromUtf8(names.at(i)));
            published.types.append(method.parameterMetaType(i));
        }
        // A direct connection: the arguments are read during the emission, in its thread.
        QMetaObject::connect(object, method.methodIndex(), this,
                             firstPublisherMethod() + int(m_published.size()),
                             Qt::DirectConnection);
        m_published.append(std::move(published));
    }
    connect(object, &QObject::destroyed, this, [this] { objectDestroyed(); });
}

DrsSignalPublisher::~DrsSignalPublisher()
{
    if (m_owner)
        m_owner->remove(this);
}

int DrsSignalPublisher::qt_metacall(QMetaObject::Call call, int id, void **argv)
{
    id = QObject::qt_metacall(call, id, argv);
    if (id < 0 || call != QMetaObject::InvokeMetaMethod)
        return id;
    if (id < m_published.size()) {
        emitted(id, argv);
        return -1;
    }
    return id - int(m_published.size());
}

void DrsSignalPublisher::emitted(int index, void **argv)
{
    const PublishedSignal &published = m_published.at(index);
    QJsonObject body;
    for (qsizetype i = 0; i < published.names.size(); ++i) {
        bool ok = true;
        body.insert(published.names.at(i), toJson(published.types.at(i), argv[i + 1], &ok));
        if (!ok)
            qCWarning(lcDrsSignals, "%s: part of argument '%s' (%s) has no JSON form; sent as null",
                      qPrintable(published.action), qPrintable(published.names.at(i)),
                      published.types.at(i).name());
    }
    const DrsCommand command(published.action, body);
    if (QThread::currentThread() != thread()) {
        // Emitted in another thread: sent from ours, where the connection lives, in order.
        QMetaObject::invokeMethod(
                this,
                [this, command] {
                    if (m_owner)
                        m_owner->send(command, nullptr);
                },
                Qt::QueuedConnection);
        return;
    }
    if (m_owner)
        m_owner->send(command, ApplyingScope::originFor(m_object.data()));
}

void DrsSignalPublisher::objectDestroyed()
{
    if (m_owner) {
        m_owner->remove(this);
        m_owner = nullptr;
    }
    deleteLater();
}

DrsPublications::~DrsPublications()
{
    for (DrsSignalPublisher *publisher : std::exchange(m_publishers, {})) {
        publisher->detach();
        delete publisher;
    }
}

bool DrsPublications::publish(QObject *object, const QString &prefix,
                              const QStringList &signalNames)
{
    if (!object) {
        qCWarning(lcDrsSignals, "publish(%s): the object is null", qPrintable(prefix));
        return false;
    }
    const QMetaObject *meta = object->metaObject();
    QList<QMetaMethod> methods;
    auto isCandidate = [](const QMetaMethod &method) {
        // A signal with default arguments has shorter clones; the full one carries every value.
        return method.methodType() == QMetaMethod::Signal
                && !(method.attributes() & QMetaMethod::Cloned);
    };
    if (signalNames.isEmpty()) {
        for (int i = QObject::staticMetaObject.methodCount(); i < meta->methodCount(); ++i) {
            if (isCandidate(meta->method(i)))
                methods.append(meta->method(i));
        }
        if (methods.isEmpty()) {
            qCWarning(lcDrsSignals, "publish(%s): %s has no signals of its own to publish",
                      qPrintable(prefix), meta->className());
            return false;
        }
    } else {
        for (const QString &name : signalNames) {
            bool found = false;
            for (int i = 0; i < meta->methodCount(); ++i) {
                const QMetaMethod method = meta->method(i);
                if (isCandidate(method) && matchesSignature(method, name)) {
                    found = true;
                    if (!methods.contains(method))
                        methods.append(method);
                }
            }
            if (!found) {
                qCWarning(lcDrsSignals, "publish(%s): %s has no signal %s", qPrintable(prefix),
                          meta->className(), qPrintable(name));
                return false;
            }
        }
    }
    for (const QMetaMethod &method : std::as_const(methods)) {
        const QList<QByteArray> names = method.parameterNames();
        for (int i = 0; i < method.parameterCount(); ++i) {
            if (names.at(i).isEmpty()) {
                qCWarning(lcDrsSignals,
                          "publish(%s): parameter %d of %s has no name; arguments are sent by "
                          "name",
                          qPrintable(prefix), i + 1, qPrintable(describeMethod(meta, method)));
                return false;
            }
            const QMetaType type = method.parameterMetaType(i);
            if (!canConvertToJson(type)) {
                qCWarning(lcDrsSignals,
                          "publish(%s): %s cannot be published: its parameter '%s' is a %s, "
                          "which JSON cannot carry",
                          qPrintable(prefix), qPrintable(describeMethod(meta, method)),
                          names.at(i).constData(),
                          type.isValid() ? type.name() : method.parameterTypes().at(i).constData());
                return false;
            }
        }
    }
    // Published again under the same prefix: the new selection replaces the old.
    for (DrsSignalPublisher *publisher : std::as_const(m_publishers)) {
        if (publisher->object() == object && publisher->prefix() == prefix) {
            publisher->detach();
            m_publishers.removeOne(publisher);
            delete publisher;
            break;
        }
    }
    m_publishers.append(new DrsSignalPublisher(this, object, prefix, methods));
    return true;
}

void DrsPublications::unpublish(QObject *object)
{
    const QList<DrsSignalPublisher *> publishers = m_publishers;
    for (DrsSignalPublisher *publisher : publishers) {
        if (publisher->object() == object) {
            m_publishers.removeOne(publisher);
            publisher->detach();
            delete publisher;
        }
    }
}

bool DrsPublications::isPublished(const QObject *object) const
{
    return object
            && std::any_of(m_publishers.cbegin(), m_publishers.cend(),
                           [object](const DrsSignalPublisher *p) { return p->object() == object; });
}

void DrsPublications::send(const DrsCommand &command, DrsConnection *except)
{
    if (m_sink)
        m_sink(command, except);
}

void DrsPublications::remove(DrsSignalPublisher *publisher)
{
    m_publishers.removeOne(publisher);
}

// ---- subscribing ----

namespace {

struct SubscriptionTarget {
    QString action;
    QPointer<QObject> object;
    QList<QMetaMethod> methods; // overloads, more parameters first
    QList<QMetaProperty> properties; // written when the action names their notify signal
};

QJsonValue writeProperties(QObject *object, const SubscriptionTarget &target,
                           const QJsonObject &body)
{
    QString firstMissing;
    bool wrote = false;
    for (const QMetaProperty &property : target.properties) {
        // The property's own name, else the notify signal's single parameter
        // (valueChanged(int value) carries "value").
        QString name = QString::fromLatin1(property.name());
        if (!body.contains(name)) {
            const QMetaMethod notify = property.notifySignal();
            const QList<QByteArray> names = notify.parameterNames();
            if (names.size() == 1 && body.contains(QString::fromUtf8(names.first()))) {
                name = QString::fromUtf8(names.first());
            } else {
                if (firstMissing.isEmpty())
                    firstMissing = name;
                continue;
            }
        }
        QVariant value;
        if (!fromJson(body.value(name), property.metaType(), &value))
            throw DrsError(QStringLiteral("%1: argument '%2' cannot be converted to %3")
                                   .arg(target.action, name,
                                        QString::fromLatin1(property.metaType().name())));
        if (!property.write(object, value))
            throw DrsError(QStringLiteral("%1: property '%2' could not be written")
                                   .arg(target.action, QString::fromLatin1(property.name())));
        wrote = true;
    }
    if (!wrote)
        throw DrsError(
                QStringLiteral("%1: missing argument '%2'").arg(target.action, firstMissing));
    return QJsonValue();
}

QJsonValue callBestOverload(QObject *object, const SubscriptionTarget &target,
                            const QJsonObject &body)
{
    // The overload with the most parameters that the body fills and converts; when none fits,
    // the complaint of the one that came closest.
    QString problem;
    int fewestMissing = std::numeric_limits<int>::max();
    for (const QMetaMethod &method : target.methods) {
        QList<QVariant> arguments;
        QString why;
        int missing = 0;
        if (argumentsFromBody(method, target.action, body, &arguments, &why, &missing))
            return invokeMethod(object, method, arguments);
        if (missing < fewestMissing) {
            fewestMissing = missing;
            problem = why;
        }
    }
    throw DrsError(problem);
}

DrsHandlerRegistry::Handler subscriptionHandler(SubscriptionTarget target)
{
    return [target](DrsRequest &request) -> QJsonValue {
        QObject *object = target.object.data();
        if (!object)
            throw DrsError(QStringLiteral("%1: the object is gone").arg(target.action));
        if (object->thread() != QThread::currentThread())
            throw std::runtime_error("the subscribed object lives in another thread");
        const ApplyingScope scope(object, request.connection());
        const QJsonObject body = request.body().toObject();
        if (!target.properties.isEmpty())
            return writeProperties(object, target, body);
        return callBestOverload(object, target, body);
    };
}

bool hasUnnamedParameter(const QMetaMethod &method)
{
    const QList<QByteArray> names = method.parameterNames();
    return std::any_of(names.cbegin(), names.cend(),
                       [](const QByteArray &name) { return name.isEmpty(); });
}

} // namespace

bool QtDrsPrivate::subscriptionHandlers(QObject *object, const QString &prefix,
                                        const QStringList &members,
                                        QList<SubscriptionHandler> *handlers)
{
    if (!object) {
        qCWarning(lcDrsSignals, "subscribe(%s): the object is null", qPrintable(prefix));
        return false;
    }
    const QMetaObject *meta = object->metaObject();
    const bool all = members.isEmpty();
    const int firstMethod = all ? QObject::staticMetaObject.methodCount() : 0;
    const int firstProperty = all ? QObject::staticMetaObject.propertyCount() : 0;

    QStringList names; // in declaration order
    QHash<QString, SubscriptionTarget> targets;
    auto targetFor = [&](const QString &name) -> SubscriptionTarget & {
        auto it = targets.find(name);
        if (it == targets.end()) {
            names.append(name);
            it = targets.insert(name, SubscriptionTarget());
            it->action = prefix + QLatin1Char('.') + name;
            it->object = object;
        }
        return *it;
    };
    QSet<QString> wanted(members.cbegin(), members.cend());
    QSet<QString> unnamed; // members skipped for a parameter without a name

    for (int i = firstProperty; i < meta->propertyCount(); ++i) {
        const QMetaProperty property = meta->property(i);
        if (!property.isWritable() || !property.hasNotifySignal())
            continue;
        const QString name = QString::fromLatin1(property.notifySignal().name());
        if (all || wanted.contains(name))
            targetFor(name).properties.append(property);
    }
    for (int i = firstMethod; i < meta->methodCount(); ++i) {
        const QMetaMethod method = meta->method(i);
        if (method.access() != QMetaMethod::Public
            || method.methodType() == QMetaMethod::Constructor)
            continue;
        const QString name = QString::fromLatin1(method.name());
        if (!all && !wanted.contains(name))
            continue;
        if (hasUnnamedParameter(method)) {
            unnamed.insert(name);
            continue;
        }
        targetFor(name).methods.append(method);
    }

    for (const QString &name : std::as_const(wanted)) {
        if (targets.contains(name))
            continue;
        if (unnamed.contains(name))
            qCWarning(lcDrsSignals,
                      "subscribe(%s): %s::%s takes a parameter without a name; arguments are "
                      "taken by name from the body",
                      qPrintable(prefix), meta->className(), qPrintable(name));
        else
            qCWarning(lcDrsSignals,
                      "subscribe(%s): %s has no public slot, signal, invokable or notify signal "
                      "named %s",
                      qPrintable(prefix), meta->className(), qPrintable(name));
        return false;
    }
    if (targets.isEmpty()) {
        qCWarning(lcDrsSignals, "subscribe(%s): %s has nothing to subscribe", qPrintable(prefix),
                  meta->className());
        return false;
    }
    for (const QString &name : std::as_const(names)) {
        SubscriptionTarget target = targets.value(name);
        std::stable_sort(target.methods.begin(), target.methods.end(),
                         [](const QMetaMethod &a, const QMetaMethod &b) {
                             return a.parameterCount() > b.parameterCount();
                         });
        handlers->append({ target.action, subscriptionHandler(std::move(target)) });
    }
    return true;
}
