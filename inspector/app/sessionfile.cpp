#include "sessionfile.h"

#include "jsontreemodel.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {
const QString kTime = QStringLiteral("time");
const QString kDirection = QStringLiteral("direction");
const QString kPeer = QStringLiteral("peer");
const QString kCommand = QStringLiteral("command");

QByteArray jsonString(const QString &text)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}
} // namespace

namespace SessionFile {

QByteArray recordToLine(const TrafficRecord &record)
{
    // Written by hand to keep the fields in reading order; the command writes itself exactly.
    QByteArray line;
    line.reserve(int(record.size) + record.peer.size() + 64);
    line.append("{\"time\":");
    line.append(QByteArray::number(record.timeMs));
    line.append(",\"direction\":");
    line.append(record.direction == TrafficRecord::Incoming ? "\"in\"" : "\"out\"");
    line.append(",\"peer\":");
    line.append(jsonString(record.peer));
    line.append(",\"command\":");
    line.append(record.command.toJson());
    line.append('}');
    return line;
}

bool exportRecords(const QList<TrafficRecord> &records, QIODevice *out, QString *error)
{
    if (!out || !out->isWritable()) {
        if (error)
            *error = QCoreApplication::translate("SessionFile",
                                                 "The file is not open for writing.");
        return false;
    }
    for (const TrafficRecord &record : records) {
        const QByteArray line = recordToLine(record) + '\n';
        if (out->write(line) != line.size()) {
            if (error)
                *error = QCoreApplication::translate("SessionFile", "Writing failed: %1")
                                 .arg(out->errorString());
            return false;
        }
    }
    return true;
}

bool recordFromLine(const QByteArray &line, TrafficRecord *record, QString *reason)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *reason = QCoreApplication::translate("SessionFile", "invalid JSON at column %1: %2")
                          .arg(parseError.offset + 1)
                          .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *reason = QCoreApplication::translate("SessionFile", "a record must be a JSON object");
        return false;
    }
    const QJsonObject object = document.object();

    const QJsonValue time = object.value(kTime);
    if (time.isUndefined()) {
        *reason = QCoreApplication::translate("SessionFile", "missing \"time\"");
        return false;
    }
    // An integer, exactly: toInteger() gives its default back for anything else.
    if (!time.isDouble() || time.toInteger(0) != time.toInteger(1) || time.toInteger(0) < 0) {
        *reason = QCoreApplication::translate("SessionFile",
                                              "\"time\" is not a count of milliseconds");
        return false;
    }

    const QJsonValue direction = object.value(kDirection);
    if (direction.isUndefined()) {
        *reason = QCoreApplication::translate("SessionFile", "missing \"direction\"");
        return false;
    }
    const QString directionText = direction.toString();
    if (!direction.isString()
        || (directionText != QLatin1String("in") && directionText != QLatin1String("out"))) {
        *reason = QCoreApplication::translate("SessionFile",
                                              "bad \"direction\" %1 (expected \"in\" or \"out\")")
                          .arg(JsonTreeModel::toCompactJson(direction));
        return false;
    }

    const QJsonValue peer = object.value(kPeer);
    if (peer.isUndefined()) {
        *reason = QCoreApplication::translate("SessionFile", "missing \"peer\"");
        return false;
    }
    if (!peer.isString()) {
        *reason = QCoreApplication::translate("SessionFile", "\"peer\" is not a string");
        return false;
    }

    const QJsonValue command = object.value(kCommand);
    if (command.isUndefined()) {
        *reason = QCoreApplication::translate("SessionFile", "missing \"command\"");
        return false;
    }
    if (!command.isObject()) {
        *reason = QCoreApplication::translate("SessionFile", "\"command\" is not an object");
        return false;
    }
    QString commandError;
    const DrsCommand parsed = DrsCommand::fromJsonObject(command.toObject(), &commandError);
    if (parsed.isNull()) {
        *reason = QCoreApplication::translate("SessionFile", "malformed command: %1")
                          .arg(commandError);
        return false;
    }

    *record = TrafficRecord();
    record->timeMs = time.toInteger();
    record->direction = directionText == QLatin1String("in") ? TrafficRecord::Incoming
                                                             : TrafficRecord::Outgoing;
    record->peer = peer.toString();
    record->command = parsed;
    record->size = parsed.toJson().size();
    return true;
}

ImportResult importRecords(QIODevice *in)
{
    ImportResult result;
    if (!in || !in->isReadable()) {
        result.errors.append({ 0,
                               QCoreApplication::translate("SessionFile",
                                                           "The file is not open for reading.") });
        return result;
    }
    int lineNumber = 0;
    while (!in->atEnd()) {
        QByteArray line = in->readLine();
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        TrafficRecord record;
        QString reason;
        if (recordFromLine(line, &record, &reason)) {
            record.id = quint64(result.records.size()) + 1;
            result.records.append(record);
        } else {
            result.errors.append({ lineNumber, reason });
        }
    }
    TrafficLogModel::pairRecords(result.records);
    return result;
}

} // namespace SessionFile
