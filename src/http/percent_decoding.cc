#include "http/percent_decoding.h"

#include <boost/url/grammar/string_token.hpp>
#include <boost/url/pct_string_view.hpp>

namespace confide::http {

bool PercentDecode(std::string_view encoded, bool plus_as_space, std::string& out) {
  // Most components hold nothing to decode; skip Boost.URL's validation pass for them.
  if (encoded.find('%') == std::string_view::npos &&
      (!plus_as_space || encoded.find('+') == std::string_view::npos)) {
    out.assign(encoded);
    return true;
  }
  auto checked = boost::urls::make_pct_string_view(encoded);
  if (!checked) return false;
  boost::urls::encoding_opts options;
  options.space_as_plus = plus_as_space;
  checked->decode(options, boost::urls::string_token::assign_to(out));
  return true;
}

}  // namespace confide::http
