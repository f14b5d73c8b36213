// Package publish publishes a rendered site to an output folder
// (Publisher) so that the folder is only ever the previous tree or the
// new one, and nothing sitrep did not write is lost: a site held in memory
// (Site, Publish), or one written file by file as it is rendered (Stream,
// from Begin), so that no file waits in memory for the others.
//
// # The record
//
// Every published tree holds a Manifest (ManifestName, at its top): the
// paths sitrep wrote there with their SHA-256 and size. A file the record
// names is sitrep's to replace or delete; anything else is someone
// else's. An output folder that exists, has no record and holds anything
// but dotfiles is refused: it is not sitrep's to replace.
//
// # Replacing the tree as a whole
//
// Beside the output folder public/ sitrep keeps a bookkeeping folder,
// .public.sitrep/, marked as sitrep's (SITREP), ignored by git (its own
// .gitignore), holding the lock and a spare tree. A publish
//
//  1. makes the spare into the new tree: files the spare already has with
//     the right bytes stay, files the output folder has with the right
//     bytes are hard-linked from it, the rest are written (each under a
//     temporary name, then renamed), and the new manifest goes in last;
//  2. exchanges the spare and the output folder in one system call
//     (renameat2 RENAME_EXCHANGE on Linux, renamex_np RENAME_SWAP on
//     macOS); where none exists (Windows, some network file systems) it
//     renames the output folder to old, the spare to the output folder,
//     and old to the spare: a process killed between the first two
//     renames leaves no output folder for a moment, and the next sitrep
//     puts the previous tree back from old;
//  3. keeps the previous tree as the spare, so that the next publish
//     changes only what changed (in watch mode the spare is two builds
//     behind: the files of the last two builds' changes are written).
//
// A Stream does step 1 as the files come: each is hashed once, kept if
// the spare has those bytes, linked if the output folder has them, and
// written otherwise; what the new tree lacks is removed, others' files
// carried and the manifest written at Commit, which then exchanges the
// trees as Publish does. Until then the output folder is untouched.
//
// While every file a Stream is given is one the output folder holds with
// those bytes (by its manifest, and by the identity of the file on disk
// when it is given, which a link would have checked), the Stream only
// lists it, without its bytes. The first file that differs places those
// listed as above (linked, or kept where the spare has them; one the
// output folder no longer has makes a *KeptError, as a kept file's does),
// and the Stream goes on as above. When Commit finds the list is the live
// tree (the same paths, no empty folder or file of another's in the spare
// to come or go, the same manifest, byte for byte) nothing is placed,
// written or exchanged: the output folder, the spare and their files'
// times stay as they are.
//
// While the spare changes, a journal in the bookkeeping folder names every
// path sitrep may put there, so that after a kill the next process knows
// which of the spare's files are its own (a Stream names a path before
// it makes the file, together with up to 256 of the paths announced to
// come next that the spare does not hold: a path named but absent is
// passed over); it also removes its temporary files. Files are not fsync'ed: a kill leaves the page cache intact, a
// power failure is not covered.
//
// Files of others in the output folder (public/.gitignore, a CNAME, a
// .git folder) go into each new tree as hard links (or copies, where links
// do not work); the link left in the spare is then removed. A file of
// another that stands where the site now needs a file or folder makes
// the publish fail, saying which.
//
// # Verifying without reading
//
// A publisher trusts its memory of both trees while the output folder,
// its manifest and the spare are the same folders, unmodified (a few stat
// calls). Otherwise, or after Verify, it reads both trees again. Digests
// of files on disk are cached by device, inode, size and modification
// time, in memory and in the bookkeeping folder (stat-cache), so that a
// new process verifies the trees without reading every file. What each
// leaf folder (a folder without folders: a page's) held is cached by the
// folder's identity, taken before it was listed (folder-cache): a new
// process reads a known folder's identity and its files' instead of
// opening and listing it. A file added, removed or renamed in a folder
// changes the folder's modification time, and the folder is listed again.
//
// # Files kept without their bytes
//
// A renderer that knows an output is the same as the one published may
// skip making it: Publisher.Published says which digest the live tree
// holds at a path (by its manifest, and only when the file on disk is
// known to still have it), and Site.Keep puts that file into the site
// without bytes. Publish takes a kept file from the spare when it holds
// the same bytes, else links it from the output folder, checking that
// the file linked has the identity its digest was taken with; when the
// output folder no longer has it, the publish fails with a *KeptError and
// changes nothing. Site.File reads a kept file from the output folder
// once the site is published.
//
// # One writer
//
// Open takes an exclusive lock (flock, LockFileEx on Windows) on the
// bookkeeping folder's lock file and names the holder in owner. A second
// process is refused at once when the holder is a watch, and after
// Options.Wait when it is a build.
package publish
