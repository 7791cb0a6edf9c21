# Expected raking weights for internal/stats, computed by survey::rake.
# Run from this folder: Rscript raking.R
# Writes raking-respondents.csv (respondents, design weight, raked weights)
# and raking-margins.csv (population margins). See README.md.
suppressPackageStartupMessages(library(survey))

set.seed(20260301)
n <- 200
ages <- c("15-29", "30-44", "45-59", "60-74", "75+")
sexes <- c("F", "M")
diplomas <- c("aucun", "cap-bep", "bac", "superieur")

# A reception-desk-like sample: older people and women over-represented.
age <- sample(ages, n, replace = TRUE, prob = c(0.10, 0.15, 0.20, 0.30, 0.25))
sex <- sample(sexes, n, replace = TRUE, prob = c(0.62, 0.38))
diploma <- sample(diplomas, n, replace = TRUE, prob = c(0.30, 0.35, 0.20, 0.15))
w0 <- sample(c(1, 1.5, 2), n, replace = TRUE)
agesex <- paste(age, sex, sep = "|")
d <- data.frame(id = seq_len(n), age = age, sex = sex, agesex = agesex,
                diploma = diploma, w0 = w0, stringsAsFactors = FALSE)
stopifnot(length(unique(agesex)) == 10, length(unique(diploma)) == 4)

# Census-like margins of a commune of 24,000 inhabitants aged 15+.
pop_agesex <- data.frame(
  agesex = as.vector(outer(ages, sexes, paste, sep = "|")),
  Freq = c(2600, 2800, 2900, 2500, 1700, 2700, 2750, 2800, 2300, 950) * 1.0)
pop_diploma <- data.frame(diploma = diplomas, Freq = c(4800, 7200, 5040, 6960))
stopifnot(sum(pop_agesex$Freq) == 24000, sum(pop_diploma$Freq) == 24000)

design <- svydesign(ids = ~1, weights = ~w0, data = d)
tight <- list(maxit = 1000, epsilon = 1e-14, verbose = FALSE)

# Two margins: age band x sex (one joint margin) and diploma.
r2 <- rake(design, list(~agesex, ~diploma), list(pop_agesex, pop_diploma), control = tight)

# Three margins: age band, sex and diploma as separate margins.
pop_age <- aggregate(Freq ~ age, data = transform(pop_agesex, age = sub("\\|.*", "", agesex)), sum)
pop_sex <- aggregate(Freq ~ sex, data = transform(pop_agesex, sex = sub(".*\\|", "", agesex)), sum)
r3 <- rake(design, list(~age, ~sex, ~diploma), list(pop_age, pop_sex, pop_diploma), control = tight)

d$w_agesex_diploma <- weights(r2)
d$w_age_sex_diploma <- weights(r3)
write.csv(d, "raking-respondents.csv", row.names = FALSE)

margins <- rbind(
  data.frame(margin = "agesex", category = pop_agesex$agesex, target = pop_agesex$Freq),
  data.frame(margin = "age", category = pop_age$age, target = pop_age$Freq),
  data.frame(margin = "sex", category = pop_sex$sex, target = pop_sex$Freq),
  data.frame(margin = "diploma", category = pop_diploma$diploma, target = pop_diploma$Freq))
write.csv(margins, "raking-margins.csv", row.names = FALSE)

cat(R.version.string, "\n")
cat("survey", as.character(packageVersion("survey")), "\n")
