// Handlers: what answers a command. DrsRequest is the command being handled, DrsError the
// failure a handler raises on purpose, DrsHandlerRegistry the per-action chains that
// DrsConnection and DrsServer share.
#ifndef DRSHANDLER_H
#define DRSHANDLER_H

#include "drscommand.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

#include <exception>
#include <functional>
#include <memory>
#include <type_traits>

class DrsConnection;
class DrsRequestPrivate;
class DrsHandlerRegistryPrivate;

/*!
    Thrown by a handler to refuse a command: the caller receives drs.error with
    {"message": message()}. Anything else a handler throws becomes drs.exception.
*/
class QTDRS_EXPORT DrsError : public std::exception {
public:
    explicit DrsError(const QString &message);
    QString message() const { return m_message; }
    const char *what() const noexcept override { return m_what.constData(); }

private:
    QString m_message;
    QByteArray m_what;
};

/*!
    The command being handled, as a handler sees it: the command, the connection it came on, and
    a context map shared by every handler of the chain. A cheap handle: copies refer to the same
    request.

    A synchronous handler returns its result. An asynchronous handler (registered with onAsync())
    keeps a copy and answers later, exactly once, with respond(), error() or exception(). A
    request whose last copy is dropped unanswered is answered drs.exception.
*/
class QTDRS_EXPORT DrsRequest {
public:
    DrsCommand command() const;
    QString action() const { return command().action(); }
    QJsonValue body() const { return command().body(); }
    QString key() const { return command().key(); }
    //! The connection the command came on; null once it is destroyed.
    DrsConnection *connection() const;
    //! Values shared along the handler chain of this one command.
    QVariantMap &context();

    //! This handler's result; the next handler of the chain runs, or the caller gets it.
    void respond(const QJsonValue &result = QJsonValue());
    //! Answers drs.error {"message": message} and stops the chain.
    void error(const QString &message);
    //! Answers drs.exception {"message": message} and stops the chain.
    void exception(const QString &message);
    bool isAnswered() const;

private:
    friend class DrsRequestPrivate;
    explicit DrsRequest(std::shared_ptr<DrsRequestPrivate> d);
    std::shared_ptr<DrsRequestPrivate> d;
};

namespace QtDrsPrivate {
// Calls a member function of a fixed object with whatever arguments fit (SFINAE-friendly).
template<typename Object, typename Method> struct BoundMember {
    Object *object;
    Method method;
    template<typename... Args>
    auto operator()(Args &&...args) const
            -> decltype((object->*method)(std::forward<Args>(args)...))
    {
        return (object->*method)(std::forward<Args>(args)...);
    }
};

template<typename> inline constexpr bool alwaysFalse = false;
} // namespace QtDrsPrivate

/*!
    Handler chains by action. Several handlers for one action run in the order registered, share
    DrsRequest::context(), the first failure stops the chain, and the last one's result is the
    reply. DrsConnection and DrsServer are registries; a server's handlers serve every client.

    An action ending in \c{*} is a wildcard: \c{"sensor.*"} handles every action starting with
    \c{"sensor."} that has no handler of its own (the longest matching pattern wins), and \c{"*"}
    handles everything else. Built-in actions (drs.ping, drs.actions) come before wildcards.

    A handler is any callable taking \c{DrsRequest &}, \c{const DrsCommand &} or nothing, and
    returning something QJsonValue can hold (or void, for a null result):
    \code
    connection.on("user.get", [](const DrsCommand &c) { return QJsonObject{{"id", c.body()["id"]}};
   }); connection.on("user.get", this, &Users::get);          // a member function, removed with
   `this` connection.onAsync("slow", [](DrsRequest r) { QTimer::singleShot(10, [r]() mutable {
   r.respond(1); }); }); \endcode
*/
class QTDRS_EXPORT DrsHandlerRegistry {
public:
    using HandlerId = quint64;
    using Handler = std::function<QJsonValue(DrsRequest &)>;
    using AsyncHandler = std::function<void(DrsRequest)>;

    DrsHandlerRegistry();
    virtual ~DrsHandlerRegistry();
    Q_DISABLE_COPY(DrsHandlerRegistry)

    //! Appends \a handler to the chain of \a action.
    template<typename F> HandlerId on(const QString &action, F &&handler)
    {
        return addHandler(action, nullptr, makeHandler(std::forward<F>(handler)));
    }

    /*!
        Appends a handler bound to \a context: a member function of it, or a callable that is
        removed when \a context is destroyed (as with QObject::connect()).
    */
    template<typename Object, typename F>
    HandlerId on(const QString &action, Object *context, F &&handler)
    {
        static_assert(std::is_base_of_v<QObject, Object>, "the context must be a QObject");
        if constexpr (std::is_member_function_pointer_v<std::decay_t<F>>) {
            return addHandler(action, context,
                              makeHandler(QtDrsPrivate::BoundMember<Object, std::decay_t<F>> {
                                      context, handler }));
        } else {
            return addHandler(action, context, makeHandler(std::forward<F>(handler)));
        }
    }

    //! Appends an asynchronous handler: it answers through its DrsRequest copy, later.
    HandlerId onAsync(const QString &action, AsyncHandler handler);
    HandlerId onAsync(const QString &action, QObject *context, AsyncHandler handler);

    //! Removes every handler of \a action.
    void off(const QString &action);
    //! Removes one handler.
    void off(HandlerId id);

    /*!
        Makes every public Q_INVOKABLE method of \a service the action \c{prefix.method}: the
        arguments are taken by parameter name from the body object and converted to the
        parameter types, the return value is the reply (null for void). A missing or
        unconvertible argument is answered drs.error naming it; a DrsError thrown by the method
        becomes drs.error. Refused (false, with a warning naming the method) when an invokable
        has an unnamed parameter or shares its name with another. Removed when \a service is
        destroyed or unregistered.
    */
    bool registerService(QObject *service, const QString &prefix);
    void unregisterService(QObject *service);

    /*!
        The mirror of DrsConnection::publish(): the command \c{prefix.name} is applied to
        \a object. For a notify signal of a writable property (\c{valueChanged} of
        \c{Q_PROPERTY(int value ... NOTIFY valueChanged)}) the property is written, from the
        body member named after the property or after the signal's only parameter; an
        unchanged value emits nothing. Otherwise the public slot, signal or invokable \c name is
        called (a signal is emitted) with the body's members as arguments by parameter name,
        converted to the parameter types (enums by name or number, QDateTime from ISO 8601
        text); among overloads, the one with the most parameters that the body fills. A
        missing or unconvertible argument is answered drs.error naming it; a call's result is
        the reply.

        \a members names what may be applied; empty means every public slot, signal, invokable
        and notify signal that \a object declares beyond QObject's own (a widget has many:
        prefer naming them). Members whose parameters have no name are skipped (refused when
        named). Returns false, with a warning, when a named member does not exist or \a object
        offers nothing.

        The signals \a object emits while it applies a command are not published back to the
        peer that sent it, so two objects that publish and subscribe each other do not echo
        every change back and forth. \a object must live in this registry's thread. Its
        handlers go when it is destroyed or unsubscribed.
        \code
        server.publish(slider, "slider", {"valueChanged"});   // process A
        connection.subscribe(dial, "slider", {"valueChanged"}); // process B: the dial follows
        \endcode
    */
    bool subscribe(QObject *object, const QString &prefix,
                   const QStringList &members = QStringList());
    //! Removes every handler subscribe() made for \a object.
    void unsubscribe(QObject *object);

    //! The actions that have at least one handler here, sorted.
    QStringList actions() const;
    bool hasHandlers(const QString &action) const;

private:
    friend class DrsConnectionPrivate;
    HandlerId addHandler(const QString &action, QObject *context, Handler handler);

    template<typename F> static Handler makeHandler(F &&handler)
    {
        using Fn = std::decay_t<F>;
        Fn fn(std::forward<F>(handler));
        if constexpr (std::is_invocable_v<Fn &, DrsRequest &>) {
            using Result = std::invoke_result_t<Fn &, DrsRequest &>;
            if constexpr (std::is_void_v<Result>)
                return [fn](DrsRequest &request) mutable {
                    fn(request);
                    return QJsonValue();
                };
            else
                return [fn](DrsRequest &request) mutable { return QJsonValue(fn(request)); };
        } else if constexpr (std::is_invocable_v<Fn &, const DrsCommand &>) {
            using Result = std::invoke_result_t<Fn &, const DrsCommand &>;
            if constexpr (std::is_void_v<Result>)
                return [fn](DrsRequest &request) mutable {
                    fn(request.command());
                    return QJsonValue();
                };
            else
                return [fn](DrsRequest &request) mutable {
                    return QJsonValue(fn(request.command()));
                };
        } else if constexpr (std::is_invocable_v<Fn &>) {
            using Result = std::invoke_result_t<Fn &>;
            if constexpr (std::is_void_v<Result>)
                return [fn](DrsRequest &) mutable {
                    fn();
                    return QJsonValue();
                };
            else
                return [fn](DrsRequest &) mutable { return QJsonValue(fn()); };
        } else {
            static_assert(QtDrsPrivate::alwaysFalse<Fn>,
                          "a handler takes DrsRequest &, const DrsCommand & or nothing");
        }
    }

    std::unique_ptr<DrsHandlerRegistryPrivate> d_registry;
};

#endif // DRSHANDLER_H
