#include "mathservice.h"

#include <drshandler.h>

MathService::MathService(QObject *parent)
    : QObject(parent)
{
}

double MathService::add(double a, double b) const
{
    return a + b;
}
double MathService::subtract(double a, double b) const
{
    return a - b;
}
double MathService::multiply(double a, double b) const
{
    return a * b;
}

double MathService::divide(double a, double b) const
{
    // Refusing bad input is a drs.error (the caller's fault), not a drs.exception (ours).
    if (b == 0)
        throw DrsError(tr("division by zero"));
    return a / b;
}

double MathService::sum(const QJsonArray &values) const
{
    double total = 0;
    for (const QJsonValue &value : values) {
        if (!value.isDouble())
            throw DrsError(tr("sum: every value must be a number"));
        total += value.toDouble();
    }
    return total;
}
