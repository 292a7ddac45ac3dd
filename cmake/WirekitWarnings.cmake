# Compiler flags shared by every target: warnings on, sanitizers on request.
add_compile_options(-Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wformat=2)
if(WIREKIT_WERROR)
  add_compile_options(-Werror)
endif()
if(WIREKIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Tests that bound a process's memory know its shadow memory is not the tool's.
  add_compile_definitions(WIREKIT_SANITIZED=1)
endif()
# Drop shared libraries a binary does not call into: each one costs resident memory.
add_link_options(-Wl,--as-needed)
