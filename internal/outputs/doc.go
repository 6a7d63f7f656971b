// Package outputs writes what a build publishes besides Hugo's pages: the search
// index, the registers (信息公开目录) as CSV, JSON and Excel, the audit's files and
// manifest.json, and the portal data the templates read.
package outputs
