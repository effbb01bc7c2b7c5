// SessionFile: a traffic log saved as NDJSON, so that a session can be attached to a bug report
// and replayed.
#ifndef SESSIONFILE_H
#define SESSIONFILE_H

#include "trafficlogmodel.h"

#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

/*!
    One record per line, UTF-8, compact JSON:
    {"time": <ms since epoch>, "direction": "in"|"out", "peer": "...", "command": {...}}
    Integers in the command stay exact (the signed 64-bit range). Status, pairing and latency
    are not stored: they follow from the records and are computed again on import.
*/
namespace SessionFile {

struct ImportResult {
    //! The good lines, in file order, with ids 1, 2, ... and pairing done.
    QList<TrafficRecord> records;
    //! One per bad line: line number (1-based) and the reason. Blank lines are not errors.
    QList<QPair<int, QString>> errors;
};

//! Writes \a records to \a out; false with \a error set when the device fails.
bool exportRecords(const QList<TrafficRecord> &records, QIODevice *out, QString *error);
//! Reads records from \a in to its end: good lines imported, bad ones reported.
ImportResult importRecords(QIODevice *in);

//! One record as its line (without the newline).
QByteArray recordToLine(const TrafficRecord &record);
//! A line back as a record (id 0, not paired); false with \a reason set for a bad line.
bool recordFromLine(const QByteArray &line, TrafficRecord *record, QString *reason);

} // namespace SessionFile

#endif // SESSIONFILE_H
