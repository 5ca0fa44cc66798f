-- 029_paging.sql - the sort key of list pages (docs/protocol.md "Lists").
--
-- Every list method answers a page: rows after the cursor the caller gives
-- (the previous page's next), in a fixed order, up to its limit.  The
-- order is that of a key built from the row (lib.page_key); the domain
-- fixes its collation to "C", byte order, whatever the database's default
-- collation, so that keys compare the same everywhere.

create domain core.page_key as text collate "C";
