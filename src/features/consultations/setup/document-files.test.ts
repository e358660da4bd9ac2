import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { crc32 } from 'node:zlib'
import { checkUploadedFile, downloadName, fileSize } from './document-files.js'

/** An uncompressed zip archive, enough for the office formats that are zips inside. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of entries) {
    const data = Buffer.from(text)
    const fileName = Buffer.from(name)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt32LE(crc32(data), 14)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(data.length, 22)
    header.writeUInt16LE(fileName.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(fileName.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(header, fileName, data)
    centrals.push(central, fileName)
    offset += header.length + fileName.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const docx = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ['word/document.xml', '<w:document/>'],
])
const odt = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', '<office:document-content/>'],
])
// An MP3 frame header (MPEG-1 layer III, 128 kbit/s, 44.1 kHz) repeated, and an MP4 'ftyp' box.
const mp3 = Buffer.concat(
  Array.from({ length: 8 }, () => Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)])),
)
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  Buffer.alloc(64),
])
const file = (data: Buffer, truncated = false) => ({ data, truncated })

describe('uploaded files', () => {
  test('written documents may be PDF, DOCX or ODT, recognised by their content', async () => {
    assert.deepEqual(await checkUploadedFile(file(pdf), 'summary', 1024 * 1024), {
      ok: true,
      mediaType: 'application/pdf',
      extension: 'pdf',
    })
    const word = await checkUploadedFile(file(docx), 'easy_read', 1024 * 1024)
    assert.equal(word.ok && word.extension, 'docx')
    const open = await checkUploadedFile(file(odt), 'large_print', 1024 * 1024)
    assert.equal(open.ok && open.extension, 'odt')
  })

  test('audio must be MP3 and video or BSL MP4; anything else is the wrong type', async () => {
    const audio = await checkUploadedFile(file(mp3), 'audio', 1024 * 1024)
    assert.equal(audio.ok && audio.mediaType, 'audio/mpeg')
    const video = await checkUploadedFile(file(mp4), 'bsl', 1024 * 1024)
    assert.equal(video.ok && video.mediaType, 'video/mp4')
    assert.deepEqual(await checkUploadedFile(file(pdf), 'video', 1024 * 1024), {
      ok: false,
      reason: 'wrongType',
    })
    assert.deepEqual(await checkUploadedFile(file(mp3), 'summary', 1024 * 1024), {
      ok: false,
      reason: 'wrongType',
    })
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)])
    assert.deepEqual(await checkUploadedFile(file(program), 'summary', 1024 * 1024), {
      ok: false,
      reason: 'wrongType',
    })
    assert.deepEqual(await checkUploadedFile(file(Buffer.from('just text')), 'faq', 1024), {
      ok: false,
      reason: 'wrongType',
    })
  })

  test('a file cut short at the limit, or over it, is too large; an empty one is refused', async () => {
    assert.deepEqual(await checkUploadedFile(file(pdf, true), 'summary', 1024), {
      ok: false,
      reason: 'tooLarge',
    })
    assert.deepEqual(await checkUploadedFile(file(pdf), 'summary', 10), { ok: false, reason: 'tooLarge' })
    assert.deepEqual(await checkUploadedFile(file(Buffer.alloc(0)), 'summary', 10), {
      ok: false,
      reason: 'empty',
    })
  })

  test('downloads are named from the title, safely', () => {
    assert.equal(downloadName('Summary in Gujarati', 'pdf'), 'Summary-in-Gujarati.pdf')
    assert.equal(downloadName('../../etc/passwd"; x=', 'pdf'), 'etc-passwd-x.pdf')
    assert.equal(downloadName('ગુજરાતી', 'pdf'), 'document.pdf')
    assert.equal(fileSize(2048), '2 KB')
    assert.equal(fileSize(20 * 1024 * 1024), '20.0 MB')
  })
})
