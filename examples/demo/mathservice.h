// MathService: a QObject whose Q_INVOKABLE methods become DRS actions through
// DrsHandlerRegistry::registerService(): registered under "math", add() answers "math.add" with
// the arguments taken by name from the body, {"a": 2, "b": 3}.
#ifndef MATHSERVICE_H
#define MATHSERVICE_H

#include <QtCore/QJsonArray>
#include <QtCore/QObject>

class MathService : public QObject {
    Q_OBJECT
public:
    explicit MathService(QObject *parent = nullptr);

    Q_INVOKABLE double add(double a, double b) const;
    Q_INVOKABLE double subtract(double a, double b) const;
    Q_INVOKABLE double multiply(double a, double b) const;
    //! Refuses a division by zero with drs.error (a DrsError thrown by an invokable).
    Q_INVOKABLE double divide(double a, double b) const;
    //! The sum of {"values": [...]}: any JSON type a parameter can take works, arrays included.
    Q_INVOKABLE double sum(const QJsonArray &values) const;
};

#endif // MATHSERVICE_H
