#ifndef CPOSIX_H
#define CPOSIX_H
#include <spawn.h>
#include <stddef.h>

// glibc calls that Swift's Glibc module does not show (declared only under _GNU_SOURCE,
// or in <malloc.h>, which it leaves out): thin wrappers, compiled with it (cposix.c).

/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor >= from.
int cposix_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int from);

/// pipe2(fds, O_CLOEXEC): both ends close on exec, with no window for another thread's spawn.
int cposix_pipe_cloexec(int fds[2]);

/// pthread_setname_np on the calling thread (the kernel keeps 15 bytes).
int cposix_name_this_thread(const char *name);

/// malloc_trim(pad) (<malloc.h>, which the Glibc module does not export): called, not looked
/// up with dlsym, so that it also works in a statically linked executable.
int cposix_malloc_trim(size_t pad);

#endif
