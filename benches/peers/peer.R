#!/usr/bin/env Rscript
# The job of `verband report`, done the way an R analyst would: the R peer of the benchmark in
# benches/README.md.
#
#   Rscript benches/peers/peer.R --instrument instruments/netwerk-effectiviteit.toml \
#       --responses answers.xlsx --out DIR [--by actortype] [--min-group 5]
#
# 1. readxl reads the sheet (a .csv: read.csv). The instrument is read with RcppTOML, or, where
#    that package is missing, through python3's tomllib.
# 2. Every item cell that is not one of its scale's answer codes becomes NA (so the missing
#    codes 8 and 9 and any text); reverse = true items are scored as min + max - code.
# 3. Dimension and construct scores: the mean of the valid items when at least min_valid_items
#    are valid (a dimension asks no more than it has items), as verband does; only constructs
#    on an ordinal scale are scored.
# 4. Per construct, dimension and ordinal item, over the groups with at least --min-group
#    answers: descriptives, aov + summary, oneway.test (Welch), car::leveneTest(center = mean),
#    kruskal.test; on constructs and dimensions also TukeyHSD and
#    pairwise.t.test(p.adjust.method = "bonferroni").
# 5. Four ggplot2 charts (heatmap, profile, means with 95% CI, stacked Likert bars), an HTML page
#    (charts inlined as base64 when jsonlite is there) and results.json (jsonlite), or
#    results.csv without jsonlite.

suppressPackageStartupMessages({
  library(readxl)
  library(car)
  library(ggplot2)
})
has_json <- requireNamespace("jsonlite", quietly = TRUE)

# ---------------------------------------------------------------- arguments

args <- commandArgs(trailingOnly = TRUE)
opt <- list(instrument = NULL, responses = NULL, out = NULL, by = NULL, `min-group` = "5")
i <- 1
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  if (!key %in% names(opt) || i == length(args)) stop("usage: peer.R --instrument FILE --responses FILE --out DIR [--by COL] [--min-group N]")
  opt[[key]] <- args[i + 1]
  i <- i + 2
}
if (is.null(opt$instrument) || is.null(opt$responses) || is.null(opt$out)) {
  stop("usage: peer.R --instrument FILE --responses FILE --out DIR [--by COL] [--min-group N]")
}
min_group <- as.integer(opt[["min-group"]])
dir.create(opt$out, recursive = TRUE, showWarnings = FALSE)

# ---------------------------------------------------------------- instrument

read_toml <- function(path) {
  if (requireNamespace("RcppTOML", quietly = TRUE)) return(RcppTOML::parseTOML(path))
  if (!has_json) stop("peer.R needs RcppTOML, or jsonlite and python3, to read the instrument")
  json <- system2("python3", c("-c", shQuote(
    "import sys, json, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))"),
    shQuote(path)), stdout = TRUE)
  jsonlite::fromJSON(paste(json, collapse = ""), simplifyVector = FALSE)
}

inst <- read_toml(opt$instrument)
scales <- setNames(inst$scales, vapply(inst$scales, `[[`, "", "id"))
scale_codes <- function(s) vapply(s$points, function(p) as.numeric(p$code), 0)
default_min <- if (is.null(inst$min_valid_items)) 1L else as.integer(inst$min_valid_items)

items <- list()       # id -> list(scale, reverse, ordinal)
constructs <- list()  # in questionnaire order
for (c in inst$constructs) {
  own <- if (is.null(c$items)) list() else c$items
  dims <- if (is.null(c$dimensions)) list() else c$dimensions
  all_items <- c(own, unlist(lapply(dims, function(d) d$items), recursive = FALSE))
  if (length(all_items) == 0 || is.null(scales[[all_items[[1]]$scale]])) next
  sc <- scales[[all_items[[1]]$scale]]
  ordinal <- is.null(sc$kind) || sc$kind == "ordinal"
  for (it in all_items) {
    items[[it$id]] <- list(scale = it$scale, reverse = isTRUE(it$reverse), ordinal = ordinal)
  }
  min_valid <- if (is.null(c$min_valid_items)) default_min else as.integer(c$min_valid_items)
  split <- length(dims) > 1 || (length(own) > 0 && length(dims) > 0)
  constructs[[length(constructs) + 1]] <- list(
    id = c$id, label = c$label$nl, ordinal = ordinal,
    items = vapply(all_items, `[[`, "", "id"), min_valid = min_valid,
    dimensions = if (split) lapply(dims, function(d) list(
      id = d$id, items = vapply(d$items, `[[`, "", "id"),
      min_valid = min(min_valid, length(d$items)))) else list())
}
actor_attr <- Filter(function(a) identical(a$role, "actor_type"), inst$attributes)
if (is.null(opt$by) && length(actor_attr) == 0) stop("the instrument has no actor-type attribute: give --by COLUMN")
by <- if (!is.null(opt$by)) opt$by else actor_attr[[1]]$id
group_order <- if (length(actor_attr) && by == actor_attr[[1]]$id) {
  vapply(actor_attr[[1]]$values, function(v) as.character(v$code), "")
} else character(0)

# ---------------------------------------------------------------- read and score

if (grepl("\\.(csv|txt)$", opt$responses, ignore.case = TRUE)) {
  head <- readLines(opt$responses, n = 1, encoding = "UTF-8")
  seps <- c(";", "\t", ",")
  sep <- seps[which.max(vapply(seps, function(s) lengths(regmatches(head, gregexpr(s, head, fixed = TRUE))), 0L))]
  df <- read.csv(opt$responses, sep = sep, check.names = FALSE, stringsAsFactors = FALSE,
                 na.strings = "", fileEncoding = "UTF-8-BOM")
} else {
  df <- as.data.frame(read_excel(opt$responses, sheet = 1, guess_max = 10000))
}
if (!by %in% names(df)) stop(sprintf("no column '%s' in %s", by, opt$responses))
group <- trimws(as.character(df[[by]]))
present <- unique(group[!is.na(group) & group != ""])
order <- c(intersect(group_order, present), sort(setdiff(present, group_order)))

recoded <- list()
for (id in intersect(names(items), names(df))) {
  it <- items[[id]]
  codes <- scale_codes(scales[[it$scale]])
  x <- suppressWarnings(as.numeric(df[[id]]))
  x[!x %in% codes] <- NA
  if (it$reverse && it$ordinal) x <- min(codes) + max(codes) - x
  recoded[[id]] <- x
}
recoded <- as.data.frame(recoded, check.names = FALSE)

mean_score <- function(ids, min_valid) {
  block <- as.matrix(recoded[, intersect(ids, names(recoded)), drop = FALSE])
  m <- rowMeans(block, na.rm = TRUE)
  m[rowSums(!is.na(block)) < min_valid] <- NA
  m
}
scores <- list()
kinds <- character(0)
for (c in constructs) {
  if (!c$ordinal) next
  for (d in c$dimensions) {
    scores[[d$id]] <- mean_score(d$items, d$min_valid)
    kinds[d$id] <- "dimension"
  }
  scores[[c$id]] <- mean_score(c$items, c$min_valid)
  kinds[c$id] <- "construct"
}

# ---------------------------------------------------------------- tests

pairs_table <- function(m) {
  # a lower-triangular matrix of pairwise.t.test into rows a, b, p
  out <- list()
  for (r in rownames(m)) for (cc in colnames(m)) if (!is.na(m[r, cc])) {
    out[[length(out) + 1]] <- list(a = cc, b = r, p = m[r, cc])
  }
  out
}

analyse <- function(y, posthoc) {
  d <- data.frame(g = group, y = y, stringsAsFactors = FALSE)
  d <- d[!is.na(d$y) & !is.na(d$g) & d$g != "", ]
  sizes <- table(d$g)
  keep <- order[order %in% names(sizes)[sizes >= min_group]]
  d <- d[d$g %in% keep, ]
  d$g <- factor(d$g, levels = keep)
  desc <- lapply(keep, function(g) {
    v <- d$y[d$g == g]
    list(group = g, n = length(v), mean = mean(v), sd = if (length(v) > 1) sd(v) else NA)
  })
  out <- list(descriptives = desc)
  if (length(keep) < 2) return(out)
  fit <- aov(y ~ g, data = d)
  s <- summary(fit)[[1]]
  out$anova <- list(F = s[["F value"]][1], df1 = s[["Df"]][1], df2 = s[["Df"]][2],
                    p = s[["Pr(>F)"]][1])
  w <- oneway.test(y ~ g, data = d, var.equal = FALSE)
  out$welch <- list(F = unname(w$statistic), df1 = unname(w$parameter[1]),
                    df2 = unname(w$parameter[2]), p = w$p.value)
  lv <- leveneTest(y ~ g, data = d, center = mean)
  out$levene <- list(F = lv[["F value"]][1], df1 = lv[["Df"]][1], df2 = lv[["Df"]][2],
                     p = lv[["Pr(>F)"]][1])
  kw <- kruskal.test(y ~ g, data = d)
  out$kruskal <- list(H = unname(kw$statistic), df = unname(kw$parameter), p = kw$p.value)
  if (posthoc) {
    tk <- TukeyHSD(fit, "g")$g
    out$tukey <- lapply(seq_len(nrow(tk)), function(r) {
      list(pair = rownames(tk)[r], diff = tk[r, "diff"], lo = tk[r, "lwr"], hi = tk[r, "upr"],
           p = tk[r, "p adj"])
    })
    pt <- pairwise.t.test(d$y, d$g, p.adjust.method = "bonferroni")
    out$bonferroni <- pairs_table(pt$p.value)
  }
  out
}

results <- list()
for (m in names(scores)) results[[m]] <- analyse(scores[[m]], TRUE)
for (id in names(recoded)) if (items[[id]]$ordinal) {
  results[[id]] <- analyse(recoded[[id]], FALSE)
  kinds[id] <- "item"
}

# ---------------------------------------------------------------- charts

scored <- Filter(function(c) c$ordinal && length(results[[c$id]]$descriptives) > 0, constructs)
labels <- vapply(scored, `[[`, "", "label")
figures <- c(
  "Gemiddelden per construct en groep" = file.path(opt$out, "heatmap.png"),
  "Profiel" = file.path(opt$out, "profiel.png"),
  "Gemiddelden met 95%-BI" = file.path(opt$out, "gemiddelden.png"),
  "Antwoorden per item" = file.path(opt$out, "items.png"))
unlink(figures)  # a chart with nothing to show is not drawn: no old one may stand in for it

if (length(scored) > 0) {
  long <- do.call(rbind, lapply(scored, function(c) do.call(rbind, lapply(
    results[[c$id]]$descriptives, function(x) data.frame(
      construct = c$label, group = x$group, n = x$n, mean = x$mean,
      sd = ifelse(is.na(x$sd), NA_real_, x$sd))))))
  long$construct <- factor(long$construct, levels = rev(labels))
  long$group <- factor(long$group, levels = order)
  long$half <- qt(0.975, pmax(long$n - 1, 1)) * long$sd / sqrt(long$n)

  p <- ggplot(long, aes(group, construct, fill = mean)) + geom_tile() +
    geom_text(aes(label = sprintf("%.2f", mean)), size = 3) +
    scale_fill_distiller(palette = "RdYlGn", direction = 1, limits = c(1, 5)) +
    labs(x = NULL, y = NULL, fill = "gemiddelde", title = "Gemiddelde per construct en actortype") +
    theme_minimal()
  ggsave(figures[[1]], p, width = 10, height = 0.35 * length(labels) + 1.5, dpi = 100)

  long$construct_x <- factor(as.character(long$construct), levels = labels)
  p <- ggplot(long, aes(construct_x, mean, colour = group, group = group)) + geom_line() +
    geom_point() + coord_cartesian(ylim = c(1, 5)) +
    labs(x = NULL, y = "gemiddelde", colour = "actortype", title = "Profiel per actortype") +
    theme_minimal() + theme(axis.text.x = element_text(angle = 35, hjust = 1))
  ggsave(figures[[2]], p, width = 11, height = 5, dpi = 100)

  p <- ggplot(long, aes(mean, construct, colour = group)) +
    geom_pointrange(aes(xmin = mean - half, xmax = mean + half),
                    position = position_dodge(width = 0.8), size = 0.2) +
    coord_cartesian(xlim = c(1, 5)) +
    labs(x = "gemiddelde met 95%-betrouwbaarheidsinterval", y = NULL, colour = NULL) +
    theme_minimal()
  ggsave(figures[[3]], p, width = 8, height = 0.3 * length(labels) * length(order) / 3 + 2, dpi = 100)
}

ordinal_ids <- Filter(function(id) items[[id]]$ordinal, names(recoded))
if (length(ordinal_ids) > 0) {
  likert <- do.call(rbind, lapply(ordinal_ids, function(id) {
    codes <- scale_codes(scales[[items[[id]]$scale]])
    x <- recoded[[id]]
    if (items[[id]]$reverse) x <- min(codes) + max(codes) - x  # the answer as given
    tab <- table(factor(x, levels = codes))
    data.frame(item = id, code = names(tab), share = as.numeric(tab) / max(1, sum(tab)) * 100)
  }))
  likert$item <- factor(likert$item, levels = rev(ordinal_ids))
  likert$code <- factor(likert$code, levels = rev(unique(likert$code)))
  p <- ggplot(likert, aes(share, item, fill = code)) + geom_col(width = 0.8) +
    scale_fill_brewer(palette = "RdYlGn", direction = -1) +
    labs(x = "% van de geldige antwoorden", y = NULL, fill = NULL) +
    theme_minimal() + theme(axis.text.y = element_text(size = 6), legend.position = "top") +
    guides(fill = guide_legend(reverse = TRUE))
  ggsave(figures[[4]], p, width = 9, height = 0.15 * length(ordinal_ids) + 1.5, dpi = 100,
         limitsize = FALSE)
}

# ---------------------------------------------------------------- results and html

fmt <- function(x, d = 3) if (is.null(x) || is.na(x)) "–" else formatC(x, format = "f", digits = d)
esc <- function(s) gsub("<", "&lt;", gsub("&", "&amp;", s, fixed = TRUE), fixed = TRUE)

if (has_json) {
  measures <- lapply(names(results), function(m) c(list(id = m, kind = unname(kinds[m])), results[[m]]))
  jsonlite::write_json(list(instrument = inst$id, by = by, respondents = nrow(df),
                            groups = order, measures = measures),
                       file.path(opt$out, "results.json"), auto_unbox = TRUE, digits = NA,
                       na = "null", pretty = FALSE)
} else {
  rows <- do.call(rbind, lapply(names(results), function(m) {
    r <- results[[m]]
    if (is.null(r$anova)) return(NULL)
    data.frame(id = m, kind = kinds[m], F = r$anova$F, p = r$anova$p, welch_F = r$welch$F,
               welch_p = r$welch$p, levene_F = r$levene$F, levene_p = r$levene$p,
               H = r$kruskal$H, kruskal_p = r$kruskal$p)
  }))
  write.csv(rows, file.path(opt$out, "results.csv"), row.names = FALSE)
}

html <- c("<!doctype html><html lang='nl'><meta charset='utf-8'>",
          sprintf("<title>%s</title>", esc(inst$id)),
          "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}img{max-width:100%}</style>",
          sprintf("<h1>%s</h1><p>%d respondenten, naar %s.</p>", esc(inst$id), nrow(df), esc(by)))
for (title in names(figures)) {
  f <- figures[[title]]
  if (!file.exists(f)) next
  src <- if (has_json) {
    paste0("data:image/png;base64,", jsonlite::base64_enc(readBin(f, "raw", file.info(f)$size)))
  } else basename(f)
  html <- c(html, sprintf("<h2>%s</h2><img alt='%s' src='%s'>", esc(title), esc(title), src))
}
html <- c(html, "<h2>Toetsen per construct</h2><table><tr><th>construct</th><th>F</th><th>p</th><th>Welch F</th><th>p</th><th>Levene F</th><th>p</th><th>H</th><th>p</th></tr>")
for (c in scored) {
  r <- results[[c$id]]
  if (is.null(r$anova)) next
  html <- c(html, sprintf(
    "<tr><td style='text-align:left'>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
    esc(c$label), fmt(r$anova$F, 2), fmt(r$anova$p), fmt(r$welch$F, 2), fmt(r$welch$p),
    fmt(r$levene$F, 2), fmt(r$levene$p), fmt(r$kruskal$H, 2), fmt(r$kruskal$p)))
}
html <- c(html, "</table>")
for (c in scored) {
  r <- results[[c$id]]
  if (is.null(r$tukey)) next
  bonf <- setNames(vapply(r$bonferroni, `[[`, 0, "p"),
                   vapply(r$bonferroni, function(x) paste0(x$b, "-", x$a), ""))
  html <- c(html, sprintf("<h3>%s: Tukey HSD en Bonferroni</h3><table><tr><th>paar</th><th>verschil</th><th>95%%-BI</th><th>Tukey p</th><th>Bonferroni p</th></tr>", esc(c$label)))
  for (t in r$tukey) {
    html <- c(html, sprintf("<tr><td>%s</td><td>%s</td><td>%s – %s</td><td>%s</td><td>%s</td></tr>",
                            esc(t$pair), fmt(t$diff), fmt(t$lo), fmt(t$hi), fmt(t$p),
                            fmt(unname(bonf[t$pair]))))
  }
  html <- c(html, "</table>")
}
writeLines(c(html, "</html>"), file.path(opt$out, "index.html"), useBytes = TRUE)
