#include "vision/background_work.hpp"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace midline {

void lower_priority_of_this_thread() {
#if defined(__linux__)
  // On Linux a thread has its own nice value; this is a hint, so a refusal changes nothing.
  constexpr int kBackgroundNice = 10;
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kBackgroundNice);
#endif
}

}  // namespace midline
