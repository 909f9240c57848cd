/** File-system chores shared by the modules: removing work folders. */
package dev.cairn.core.io;
