#include "jsonhighlighter.h"

#include <QtGui/QGuiApplication>
#include <QtGui/QPalette>

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_formats[Key].setForeground(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x4f, 0x9e));
    m_formats[Key].setFontWeight(QFont::DemiBold);
    m_formats[String].setForeground(dark ? QColor(0xce, 0x91, 0x78) : QColor(0x0a, 0x7d, 0x2c));
    m_formats[Number].setForeground(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0xa3, 0x40, 0x00));
    m_formats[Keyword].setForeground(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x7a, 0x1f, 0xa2));
    m_formats[Keyword].setFontWeight(QFont::Bold);
    m_formats[Punctuation].setForeground(dark ? QColor(0xb0, 0xb0, 0xb0)
                                              : QColor(0x60, 0x60, 0x60));
}

JsonHighlighter::~JsonHighlighter() = default;

void JsonHighlighter::highlightBlock(const QString &text)
{
    const int length = int(text.size());
    int i = 0;
    while (i < length) {
        const QChar c = text.at(i);
        if (c == u'"') {
            int end = i + 1;
            while (end < length && text.at(end) != u'"')
                end += text.at(end) == u'\\' ? 2 : 1;
            end = qMin(end + 1, length);
            // A string followed by a colon is an object key.
            int next = end;
            while (next < length && text.at(next).isSpace())
                ++next;
            const bool isKey = next < length && text.at(next) == u':';
            setFormat(i, end - i, m_formats[isKey ? Key : String]);
            i = end;
        } else if (c == u'-' || c.isDigit()) {
            int end = i + 1;
            while (end < length) {
                const QChar d = text.at(end);
                if (!(d.isDigit() || d == u'.' || d == u'e' || d == u'E' || d == u'+' || d == u'-'))
                    break;
                ++end;
            }
            setFormat(i, end - i, m_formats[Number]);
            i = end;
        } else if (c.isLetter()) {
            int end = i + 1;
            while (end < length && text.at(end).isLetter())
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null")
                setFormat(i, end - i, m_formats[Keyword]);
            i = end;
        } else {
            if (c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':')
                setFormat(i, 1, m_formats[Punctuation]);
            ++i;
        }
    }
}
