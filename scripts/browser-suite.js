// Runs the browser test files it is given in this one process, one after another. Loading the
// app, compiling the stylesheet and starting PGlite are then paid once rather than once a file;
// each file still has its own database, app and Chromium.
import { pathToFileURL } from 'node:url'

for (const file of process.argv.slice(2)) await import(pathToFileURL(file).href)
