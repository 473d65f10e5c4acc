#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/* Swift cannot call C variadic functions: these non-variadic wrappers pass the
   options as an MHD_OPTION_ARRAY and read one connection info field. */
static inline struct MHD_Daemon *portal_mhd_start(unsigned int flags, MHD_AccessHandlerCallback handler,
                                                  void *handler_cls, const struct MHD_OptionItem *options) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

static inline const struct sockaddr *portal_mhd_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info ? info->client_addr : NULL;
}
